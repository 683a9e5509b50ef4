package dev.berth.node.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HostAlias;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod sandbox files, rendered as the kubelet and containerd render them (spec/kubelet.md §7.9). */
class PodSandboxFilesTest {
  private static final HostResolvConf NODE = HostResolvConf.parse("""
      # generated
      nameserver 10.0.0.2
      nameserver 10.0.0.3
      search corp.example. lab.example
      options edns0 timeout:2
      """);

  private static PodBuilder pod(String name) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").withUid("uid-7").endMetadata()
        .withNewSpec().endSpec();
  }

  @Test
  void hostsFileOfAStatefulSetPodIsTheKubeletsToTheByte() throws Exception {
    Pod web0 = pod("web-0").editSpec().withSubdomain("nginx").endSpec().build();
    String hosts = PodSandboxFiles.renderHosts(web0, PodSandboxFiles.hostname(web0),
        PodSandboxFiles.domain(web0, "cluster.local"), List.of("127.1.0.15"), "");
    assertThat(hosts).isEqualTo("""
        # Kubernetes-managed hosts file.
        127.0.0.1\tlocalhost
        ::1\tlocalhost ip6-localhost ip6-loopback
        fe00::0\tip6-localnet
        fe00::0\tip6-mcastprefix
        fe00::1\tip6-allnodes
        fe00::2\tip6-allrouters
        127.1.0.15\tweb-0.nginx.default.svc.cluster.local\tweb-0
        """);
  }

  @Test
  void hostsFileWithoutDomainWithAliasesAndForHostNetwork() {
    Pod p = pod("api").editSpec().withHostAliases(new HostAlias(List.of("foo.local", "bar.local"), "127.0.0.1"),
        new HostAlias(List.of("db"), "10.1.2.3")).endSpec().build();
    assertThat(PodSandboxFiles.renderHosts(p, "api", Optional.empty(), List.of("127.1.0.9"), "")).endsWith("""
        fe00::2\tip6-allrouters
        127.1.0.9\tapi

        # Entries added by HostAliases.
        127.0.0.1\tfoo.local\tbar.local
        10.1.2.3\tdb
        """);
    Pod hostNet = pod("agent").editSpec().withHostNetwork(true).endSpec().build();
    assertThat(PodSandboxFiles.renderHosts(hostNet, "agent", Optional.empty(), List.of("10.0.0.5"), "127.0.0.1 localhost\n"))
        .isEqualTo("# Kubernetes-managed hosts file (host network).\n127.0.0.1 localhost\n");
  }

  record HostnameCase(Pod pod, String hostname, String kernelHostname, String meaning) {}

  @Test
  void hostnamesAndFqdn() throws Exception {
    String long66 = "a".repeat(61) + ".-xyz";
    List<HostnameCase> cases = List.of(
        new HostnameCase(pod("web-0").build(), "web-0", "web-0", "the pod name"),
        new HostnameCase(pod("web-0").editSpec().withHostname("db").endSpec().build(), "db", "db", "spec.hostname wins"),
        new HostnameCase(pod(long66).build(), "a".repeat(61), "a".repeat(61),
            "cut to 63 characters, then trailing '-' and '.' removed"),
        new HostnameCase(pod("web-0").editSpec().withSubdomain("nginx").withSetHostnameAsFQDN(true).endSpec().build(),
            "web-0", "web-0.nginx.default.svc.cluster.local", "setHostnameAsFQDN puts the FQDN in the UTS namespace"),
        new HostnameCase(pod("web-0").editSpec().withSetHostnameAsFQDN(true).endSpec().build(), "web-0", "web-0",
            "no subdomain, no FQDN"));
    for (HostnameCase c : cases) {
      assertThat(PodSandboxFiles.hostname(c.pod())).as(c.meaning()).isEqualTo(c.hostname());
      assertThat(PodSandboxFiles.kernelHostname(c.pod(), "cluster.local")).as(c.meaning()).isEqualTo(c.kernelHostname());
    }
    Pod tooLong = pod("x".repeat(40)).editSpec().withSubdomain("nginx").withSetHostnameAsFQDN(true).endSpec().build();
    assertThatThrownBy(() -> PodSandboxFiles.kernelHostname(tooLong, "cluster.local"))
        .hasMessageContaining("is too long (64 characters is the max, 72 characters requested)");
    assertThatThrownBy(() -> PodSandboxFiles.hostname(pod("p").editSpec().withHostname("Not_A_Label").endSpec().build()))
        .hasMessageContaining("is not a valid DNS label");
  }

  record DnsCase(Pod pod, List<String> clusterDns, String resolvConf, List<String> warnings, String meaning) {}

  @Test
  void resolvConfPerDnsPolicy() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add("d" + i + ".example");
    }
    List<DnsCase> cases = List.of(
        new DnsCase(pod("web-0").build(), List.of("127.2.0.10"), """
            search default.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example
            nameserver 127.2.0.10
            options ndots:5
            """, List.of(), "ClusterFirst by default: cluster search first, the node's after; only the cluster DNS"),
        new DnsCase(pod("web-0").editSpec().withDnsPolicy("Default").endSpec().build(), List.of("127.2.0.10"), """
            search corp.example lab.example
            nameserver 10.0.0.2
            nameserver 10.0.0.3
            options edns0 timeout:2
            """, List.of(), "Default: the node's resolv.conf"),
        new DnsCase(pod("agent").editSpec().withHostNetwork(true).endSpec().build(), List.of("127.2.0.10"), """
            search corp.example lab.example
            nameserver 10.0.0.2
            nameserver 10.0.0.3
            options edns0 timeout:2
            """, List.of(), "ClusterFirst degrades to Default for hostNetwork pods"),
        new DnsCase(pod("agent").editSpec().withHostNetwork(true).withDnsPolicy("ClusterFirstWithHostNet").endSpec().build(),
            List.of("127.2.0.10"), """
            search default.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example
            nameserver 127.2.0.10
            options ndots:5
            """, List.of(), "ClusterFirstWithHostNet"),
        new DnsCase(pod("web-0").build(), List.of(), """
            search corp.example lab.example
            nameserver 10.0.0.2
            nameserver 10.0.0.3
            options edns0 timeout:2
            """, List.of(), "no cluster DNS known: ClusterFirst falls back to Default"),
        new DnsCase(pod("web-0").editSpec().withDnsPolicy("None").withDnsConfig(new PodDNSConfigBuilder()
            .withNameservers("1.1.1.1").withSearches("my.example").withOptions(new PodDNSConfigOption("ndots", "2")).build())
            .endSpec().build(), List.of("127.2.0.10"), """
            search my.example
            nameserver 1.1.1.1
            options ndots:2
            """, List.of(), "None: only dnsConfig"),
        new DnsCase(pod("web-0").editSpec().withDnsConfig(new PodDNSConfigBuilder()
            .withNameservers("127.2.0.10", "8.8.8.8", "9.9.9.9", "1.1.1.1").withSearches("svc.cluster.local", "x.example")
            .withOptions(new PodDNSConfigOption("ndots", "1"), new PodDNSConfigOption("single-request", null)).build())
            .endSpec().build(), List.of("127.2.0.10"), """
            search default.svc.cluster.local svc.cluster.local cluster.local corp.example lab.example x.example
            nameserver 127.2.0.10
            nameserver 8.8.8.8
            nameserver 9.9.9.9
            options ndots:1 single-request
            """, List.of("Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is:"
                + " 127.2.0.10 8.8.8.8 9.9.9.9"),
            "dnsConfig merged: duplicates dropped, options by name, at most 3 nameservers"),
        new DnsCase(pod("web-0").editSpec().withDnsPolicy("None").withDnsConfig(new PodDNSConfigBuilder()
            .withNameservers("1.1.1.1").withSearches(many).build()).endSpec().build(), List.of(), null,
            List.of("Search Line limits were exceeded, some search paths have been omitted, the applied search line is: "
                + String.join(" ", many.subList(0, 32))), "at most 32 search domains"));
    for (DnsCase c : cases) {
      PodSandboxFiles.ResolvConf r = PodSandboxFiles.resolvConf(c.pod(), "cluster.local", c.clusterDns(), NODE);
      if (c.resolvConf() != null) {
        assertThat(r.render()).as(c.meaning()).isEqualTo(c.resolvConf());
      }
      assertThat(r.warnings()).as(c.meaning()).isEqualTo(c.warnings());
    }
  }

  @Test
  void searchLineIsCutTo2048Characters() {
    List<String> long200 = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      long200.add(("s" + i + "-").repeat(70).substring(0, 199) + "x");
    }
    Pod p = pod("p").editSpec().withDnsPolicy("None").withDnsConfig(new PodDNSConfigBuilder().withNameservers("1.1.1.1")
        .withSearches(long200).build()).endSpec().build();
    PodSandboxFiles.ResolvConf r = PodSandboxFiles.resolvConf(p, "cluster.local", List.of(), NODE);
    assertThat(String.join(" ", r.searches()).length()).isLessThanOrEqualTo(2048);
    assertThat(r.searches()).hasSize(10).as("12 × 200 + 11 spaces = 2411; dropping two from the end gives 2009");
    assertThat(r.warnings()).hasSize(1);
  }

  @Test
  void nodeResolvConfParsing() {
    assertThat(NODE).isEqualTo(new HostResolvConf(List.of("10.0.0.2", "10.0.0.3"), List.of("corp.example", "lab.example"),
        List.of("edns0", "timeout:2")));
    assertThat(HostResolvConf.parse("search a b\nsearch c\noptions x\noptions y z\n"))
        .isEqualTo(new HostResolvConf(List.of(), List.of("c"), List.of("y", "z")));
  }

  @Test
  void writesOncePerPodAndMountsThem(@TempDir Path data) throws Exception {
    PodSandboxFiles files = new PodSandboxFiles(data, "cluster.local", List.of("127.2.0.10"), NODE, "");
    Pod web0 = pod("web-0").editSpec().withSubdomain("nginx").endSpec().build();
    PodSandboxFiles.Written w = files.write(web0, List.of("127.1.0.15"));
    assertThat(w.hosts()).isEqualTo(data.resolve("pods/uid-7/etc-hosts"));
    assertThat(Files.readString(w.hosts())).endsWith("127.1.0.15\tweb-0.nginx.default.svc.cluster.local\tweb-0\n");
    assertThat(Files.readString(w.hostname())).isEqualTo("web-0\n");
    assertThat(Files.readString(w.resolvConf())).startsWith("search default.svc.cluster.local ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(w.hosts()))).isEqualTo("rw-r--r--");

    files.write(web0, List.of("127.1.0.99"));
    assertThat(Files.readString(w.hosts())).as("never rewritten: containers hold the inode").contains("127.1.0.15");

    assertThat(files.mounts(web0, new ContainerBuilder().withName("c").build())).extracting(m -> m.target())
        .containsExactly("/etc/hosts", "/etc/resolv.conf", "/etc/hostname");
    assertThat(files.mounts(web0, new ContainerBuilder().withName("c").addNewVolumeMount().withName("h")
        .withMountPath("/etc/hosts").endVolumeMount().build())).extracting(m -> m.target())
        .as("a container that mounts its own /etc/hosts keeps it").containsExactly("/etc/resolv.conf", "/etc/hostname");
  }
}
