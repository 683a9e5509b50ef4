package dev.berth.node.sandbox;

import dev.berth.node.runtime.ContainerLaunch;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A pod's sandbox files ({@code spec/kubelet.md} §7.9): its hostname, {@code /etc/hosts} and
 * {@code /etc/resolv.conf}, rendered exactly as the kubelet and containerd do, and written once
 * per pod under {@code DATA/pods/<uid>/} ({@code etc-hosts}, {@code resolv.conf}, {@code
 * hostname}, mode 0644), like the kubelet, which never rewrites an existing {@code etc-hosts}.
 * Every container bind-mounts them ({@link #mounts}).
 */
public final class PodSandboxFiles {
  /** {@code validation.MaxDNSNameservers}. */
  static final int MAX_NAMESERVERS = 3;
  /** {@code MaxDNSSearchPathsExpanded} and {@code MaxDNSSearchListCharsExpanded}. */
  static final int MAX_SEARCH_PATHS = 32;
  static final int MAX_SEARCH_CHARS = 2048;
  /** The API's default {@code terminationMessagePath}. */
  public static final String DEFAULT_TERMINATION_MESSAGE_PATH = "/dev/termination-log";
  /** Upstream's {@code MaxContainerTerminationMessageLength}. */
  public static final int MAX_TERMINATION_MESSAGE_BYTES = 4096;
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final Path dataDir;
  private final String clusterDomain;
  private final List<String> clusterDns;
  private final HostResolvConf host;
  private final String nodeHostsFile;

  /**
   * @param clusterDomain {@code cluster.local}
   * @param clusterDns the cluster DNS Service address(es), e.g. {@code 127.2.0.10}; empty makes
   *     {@code ClusterFirst} fall back to {@code Default}, as in the kubelet
   * @param host the node's DNS settings ({@link HostResolvConf#read} of {@code /etc/resolv.conf})
   * @param nodeHostsFile the node's {@code /etc/hosts} content, for {@code hostNetwork} pods
   */
  public PodSandboxFiles(Path dataDir, String clusterDomain, List<String> clusterDns, HostResolvConf host,
      String nodeHostsFile) {
    this.dataDir = Objects.requireNonNull(dataDir).toAbsolutePath();
    this.clusterDomain = Objects.requireNonNull(clusterDomain);
    this.clusterDns = List.copyOf(clusterDns);
    this.host = Objects.requireNonNull(host);
    this.nodeHostsFile = Objects.requireNonNull(nodeHostsFile);
  }

  /** The files of one pod and what the DNS settings had to leave out. */
  public record Written(Path hosts, Path resolvConf, Path hostname, List<String> dnsWarnings) {}

  /** A pod's resolv.conf; {@code warnings} are {@code DNSConfigForming} event messages. */
  public record ResolvConf(List<String> nameservers, List<String> searches, List<String> options, List<String> warnings) {
    /** containerd's layout: the search line, one nameserver line each, the options line. */
    public String render() {
      StringBuilder sb = new StringBuilder();
      if (!searches.isEmpty()) {
        sb.append("search ").append(String.join(" ", searches)).append('\n');
      }
      for (String ns : nameservers) {
        sb.append("nameserver ").append(ns).append('\n');
      }
      if (!options.isEmpty()) {
        sb.append("options ").append(String.join(" ", options)).append('\n');
      }
      return sb.toString();
    }
  }

  /** A pod whose sandbox cannot be made (an invalid hostname, a too long FQDN). */
  public static final class SandboxException extends Exception {
    public SandboxException(String message) {
      super(message);
    }
  }

  /**
   * {@code spec.hostname} or the pod name, cut to 63 characters without trailing {@code -} or
   * {@code .} (the kubelet's {@code GeneratePodHostNameAndDomain}).
   */
  public static String hostname(Pod pod) throws SandboxException {
    String name = pod.getMetadata().getName();
    String hostname = name;
    String specHostname = pod.getSpec().getHostname();
    if (specHostname != null && !specHostname.isEmpty()) {
      if (!isDns1123Label(specHostname)) {
        throw new SandboxException("pod Hostname \"" + specHostname + "\" is not a valid DNS label");
      }
      hostname = specHostname;
    }
    if (hostname.length() > 63) {
      String cut = hostname.substring(0, 63).replaceAll("[-.]+$", "");
      if (cut.isEmpty()) {
        throw new SandboxException("hostname for pod \"" + name + "\" was invalid: \"" + hostname + "\"");
      }
      hostname = cut;
    }
    return hostname;
  }

  /** {@code <subdomain>.<namespace>.svc.<clusterDomain>} when {@code spec.subdomain} is set. */
  public static Optional<String> domain(Pod pod, String clusterDomain) throws SandboxException {
    String sub = pod.getSpec().getSubdomain();
    if (sub == null || sub.isEmpty()) {
      return Optional.empty();
    }
    if (!isDns1123Label(sub)) {
      throw new SandboxException("pod Subdomain \"" + sub + "\" is not a valid DNS label");
    }
    return Optional.of(sub + "." + pod.getMetadata().getNamespace() + ".svc." + clusterDomain);
  }

  /**
   * The UTS hostname: the hostname, or with {@code setHostnameAsFQDN: true} the FQDN, which
   * must fit the kernel's 64 characters.
   */
  public static String kernelHostname(Pod pod, String clusterDomain) throws SandboxException {
    String hostname = hostname(pod);
    Optional<String> domain = domain(pod, clusterDomain);
    if (!Boolean.TRUE.equals(pod.getSpec().getSetHostnameAsFQDN()) || domain.isEmpty()) {
      return hostname;
    }
    String fqdn = hostname + "." + domain.get();
    if (fqdn.length() > 64) {
      throw new SandboxException("failed to construct FQDN from pod hostname and cluster domain, FQDN " + fqdn
          + " is too long (64 characters is the max, " + fqdn.length() + " characters requested)");
    }
    return fqdn;
  }

  /**
   * The kubelet's managed hosts file (TAB separated). For a {@code hostNetwork} pod: a header
   * and the node's file verbatim; both end with the {@code hostAliases} block.
   */
  public static String renderHosts(Pod pod, String hostname, Optional<String> domain, List<String> podIps,
      String nodeHostsFile) {
    StringBuilder sb = new StringBuilder();
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      sb.append("# Kubernetes-managed hosts file (host network).\n").append(nodeHostsFile);
    } else {
      sb.append("# Kubernetes-managed hosts file.\n");
      sb.append("127.0.0.1\tlocalhost\n");
      sb.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
      sb.append("fe00::0\tip6-localnet\n");
      sb.append("fe00::0\tip6-mcastprefix\n");
      sb.append("fe00::1\tip6-allnodes\n");
      sb.append("fe00::2\tip6-allrouters\n");
      for (String ip : podIps) {
        if (domain.isPresent()) {
          sb.append(ip).append('\t').append(hostname).append('.').append(domain.get()).append('\t').append(hostname).append('\n');
        } else {
          sb.append(ip).append('\t').append(hostname).append('\n');
        }
      }
    }
    List<HostAlias> aliases = pod.getSpec().getHostAliases();
    if (aliases != null && !aliases.isEmpty()) {
      sb.append("\n# Entries added by HostAliases.\n");
      for (HostAlias a : aliases) {
        sb.append(a.getIp()).append('\t').append(String.join("\t", a.getHostnames() == null ? List.of() : a.getHostnames()))
            .append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The kubelet's {@code GetPodDNS}: {@code ClusterFirst} (the default; {@code Default} for
   * {@code hostNetwork} pods) → the cluster DNS, the cluster search domains before the node's,
   * {@code ndots:5}; {@code ClusterFirstWithHostNet} → the same for any pod; {@code Default} →
   * the node's settings; {@code None} → nothing. {@code spec.dnsConfig} is then appended
   * (duplicates dropped; options merged by name, the pod's value winning), and the result cut to
   * 3 nameservers and 32 search domains of at most 253 characters, 2048 in all.
   */
  public static ResolvConf resolvConf(Pod pod, String clusterDomain, List<String> clusterDns, HostResolvConf host) {
    String policy = pod.getSpec().getDnsPolicy() == null ? "ClusterFirst" : pod.getSpec().getDnsPolicy();
    boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    List<String> servers = new ArrayList<>(host.nameservers());
    List<String> searches = new ArrayList<>(host.searches());
    List<String> options = new ArrayList<>(host.options());
    boolean cluster = policy.equals("ClusterFirstWithHostNet") || (policy.equals("ClusterFirst") && !hostNetwork);
    if (policy.equals("None")) {
      servers.clear();
      searches.clear();
      options.clear();
    } else if (cluster && !clusterDns.isEmpty()) {
      servers = new ArrayList<>(clusterDns);
      if (!clusterDomain.isEmpty()) {
        List<String> s = new ArrayList<>(List.of(pod.getMetadata().getNamespace() + ".svc." + clusterDomain,
            "svc." + clusterDomain, clusterDomain));
        s.addAll(searches);
        searches = new ArrayList<>(new LinkedHashSet<>(s));
      }
      options = new ArrayList<>(List.of("ndots:5"));
    }
    PodDNSConfig dns = pod.getSpec().getDnsConfig();
    if (dns != null) {
      if (dns.getNameservers() != null) {
        servers.addAll(dns.getNameservers());
      }
      servers = new ArrayList<>(new LinkedHashSet<>(servers));
      if (dns.getSearches() != null) {
        searches.addAll(dns.getSearches());
      }
      searches = new ArrayList<>(new LinkedHashSet<>(searches));
      options = mergeOptions(options, dns.getOptions() == null ? List.of() : dns.getOptions());
    }
    List<String> warnings = new ArrayList<>();
    if (servers.size() > MAX_NAMESERVERS) {
      servers = new ArrayList<>(servers.subList(0, MAX_NAMESERVERS));
      warnings.add("Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: "
          + String.join(" ", servers));
    }
    boolean exceeded = false;
    if (searches.size() > MAX_SEARCH_PATHS) {
      searches = new ArrayList<>(searches.subList(0, MAX_SEARCH_PATHS));
      exceeded = true;
    }
    exceeded |= searches.removeIf(s -> s.length() > 253);
    int length = String.join(" ", searches).length();
    while (length > MAX_SEARCH_CHARS && !searches.isEmpty()) {
      length -= searches.remove(searches.size() - 1).length() + 1;
      exceeded = true;
    }
    if (exceeded) {
      warnings.add("Search Line limits were exceeded, some search paths have been omitted, the applied search line is: "
          + String.join(" ", searches));
    }
    return new ResolvConf(servers, searches, options, warnings);
  }

  /**
   * The kubelet's {@code mergeDNSOptions}: by name, the pod's value last. The kubelet's order is
   * a Go map's (random); berth keeps the order of first appearance.
   */
  static List<String> mergeOptions(List<String> existing, List<PodDNSConfigOption> pod) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String op : existing) {
      int i = op.indexOf(':');
      byName.put(i < 0 ? op : op.substring(0, i), i < 0 ? "" : op.substring(i + 1));
    }
    for (PodDNSConfigOption op : pod) {
      byName.put(op.getName(), op.getValue() == null ? "" : op.getValue());
    }
    List<String> out = new ArrayList<>();
    byName.forEach((k, v) -> out.add(v.isEmpty() ? k : k + ":" + v));
    return out;
  }

  /** {@code DATA/pods/<uid>/}. */
  public Path podDir(String podUid) {
    return dataDir.resolve("pods").resolve(podUid);
  }

  /**
   * Writes the pod's {@code etc-hosts}, {@code resolv.conf} and {@code hostname} where they do
   * not exist yet. A file that exists is kept as it is: containers may have it bind-mounted (a
   * bind mount holds the inode), and the kubelet never rewrites it either.
   */
  public Written write(Pod pod, List<String> podIps) throws SandboxException, IOException {
    String uid = pod.getMetadata().getUid();
    Path dir = podDir(uid);
    Files.createDirectories(dir);
    String hostname = hostname(pod);
    Optional<String> domain = domain(pod, clusterDomain);
    ResolvConf resolv = resolvConf(pod, clusterDomain, clusterDns, host);
    Path hosts = writeOnce(dir.resolve("etc-hosts"), renderHosts(pod, hostname, domain, podIps, nodeHostsFile));
    Path resolvConf = writeOnce(dir.resolve("resolv.conf"), resolv.render());
    Path hostnameFile = writeOnce(dir.resolve("hostname"), kernelHostname(pod, clusterDomain) + "\n");
    return new Written(hosts, resolvConf, hostnameFile, resolv.warnings());
  }

  /**
   * The sandbox files as bind mounts for one container: {@code /etc/hosts} (unless the container
   * mounts a volume there itself), {@code /etc/resolv.conf}, {@code /etc/hostname}; read-write,
   * as containerd mounts them.
   */
  public List<ContainerLaunch.Mount> mounts(Pod pod, Container container) {
    Path dir = podDir(pod.getMetadata().getUid());
    List<ContainerLaunch.Mount> out = new ArrayList<>();
    boolean ownHosts = container.getVolumeMounts() != null
        && container.getVolumeMounts().stream().map(VolumeMount::getMountPath).anyMatch("/etc/hosts"::equals);
    if (!ownHosts) {
      out.add(new ContainerLaunch.Mount(dir.resolve("etc-hosts"), "/etc/hosts", false));
    }
    out.add(new ContainerLaunch.Mount(dir.resolve("resolv.conf"), "/etc/resolv.conf", false));
    out.add(new ContainerLaunch.Mount(dir.resolve("hostname"), "/etc/hostname", false));
    return out;
  }

  /**
   * {@code DATA/pods/<uid>/containers/<name>/<attempt>.termination-log}: where instance {@code
   * attempt} of a container finds its termination message (§5.6). Upstream names the file with 8
   * random hex digits; berth names it after the attempt so a later berth finds it for an instance
   * that ended while it was down.
   */
  public Path terminationMessageFile(String podUid, String containerName, int attempt) {
    return podDir(podUid).resolve("containers").resolve(containerName).resolve(attempt + ".termination-log");
  }

  /**
   * Creates instance {@code attempt}'s empty termination-message file (mode 0666, so any
   * {@code runAsUser} can write it) and returns its bind mount at the container's {@code
   * terminationMessagePath} ({@code /dev/termination-log} by default). The mount is optional: where
   * berth cannot create the mount point (no root, a read-only directory) the container runs without it.
   */
  public ContainerLaunch.Mount terminationMessageMount(Pod pod, Container container, int attempt) throws IOException {
    Path file = terminationMessageFile(pod.getMetadata().getUid(), container.getName(), attempt);
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    String target = container.getTerminationMessagePath();
    return new ContainerLaunch.Mount(file, target == null || target.isEmpty() ? DEFAULT_TERMINATION_MESSAGE_PATH : target, false, true);
  }

  /**
   * What instance {@code attempt} wrote to its termination-message file: its last 4096 bytes
   * (upstream's {@code tail.ReadAtMost}), empty when there is no file.
   */
  public String readTerminationMessage(String podUid, String containerName, int attempt) throws IOException {
    Path file = terminationMessageFile(podUid, containerName, attempt);
    if (!Files.exists(file)) {
      return "";
    }
    try (var ch = Files.newByteChannel(file)) {
      long size = ch.size();
      long from = Math.max(0, size - MAX_TERMINATION_MESSAGE_BYTES);
      ch.position(from);
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) (size - from));
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // read on
      }
      return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }
  }

  /** The uids of the pods that have files under {@code DATA/pods/}. */
  public List<String> podUidsOnDisk() throws IOException {
    Path pods = dataDir.resolve("pods");
    if (!Files.isDirectory(pods)) {
      return List.of();
    }
    try (var s = Files.list(pods)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /**
   * Removes {@code DATA/pods/<uid>/} and everything in it — sandbox files, container records,
   * termination messages, logs, what is left of volumes — without following symbolic links, so
   * hostPath and PersistentVolume data (never stored there) stay untouched.
   */
  public void remove(String podUid) throws IOException {
    Path dir = podDir(podUid);
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs)
          throws IOException {
        Files.delete(file);
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) {
          throw e;
        }
        Files.delete(d);
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
  }

  private static Path writeOnce(Path file, String content) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static boolean isDns1123Label(String s) {
    return s.length() <= 63 && DNS1123_LABEL.matcher(s).matches();
  }
}
