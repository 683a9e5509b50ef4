package dev.berth.node.probe;

import dev.berth.node.runtime.ContainerLaunch;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Probes as the kubelet runs them ({@code spec/kubelet.md} §4.4):
 *
 * <ul>
 *   <li><b>httpGet</b>: {@code GET scheme://host:port/path} from the node, host = the pod IP
 *       unless set, {@code httpHeaders} added, {@code User-Agent: kube-probe/1.32} and {@code
 *       Accept: *}{@code /*} unless given (an empty Accept removes it), a {@code Host} header as
 *       the virtual host, no keep-alive, TLS without verification. 200–399 is a success (an
 *       unfollowed 3xx with a warning); redirects are followed only to the same host name, at most
 *       10. Failure texts are the Go client's ({@code Get "http://…": dial tcp …: connect:
 *       connection refused}).
 *   <li><b>tcpSocket</b>: a TCP connect from the node within the timeout.
 *   <li><b>exec</b>: {@code nsenter -t <pid> --mount --uts --pid} with the container's working
 *       directory, environment and user; exit 0 is a success, any other exit a failure with the
 *       output (at most 10 KiB), a timeout a failure and the process tree killed.
 *   <li><b>grpc</b>: not supported; a failure saying so.
 * </ul>
 *
 * The command of an exec probe is run as given: the {@code $(VAR)} expansion the kubelet applies
 * (with literal {@code env} values only) is the caller's.
 */
public final class OsProbeRunner implements ProbeRunner {
  /** The kubelet version berth answers for. */
  public static final String USER_AGENT = "kube-probe/1.32";

  static final int MAX_OUTPUT = 10 * 1024;
  private static final int MAX_REDIRECTS = 10;
  private static final String SEARCH_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  @Override
  public ProbeResult run(Probe probe, ProbeTarget target) {
    Duration timeout = Duration.ofSeconds(probe.getTimeoutSeconds() == null || probe.getTimeoutSeconds() < 1 ? 1
        : probe.getTimeoutSeconds());
    try {
      if (probe.getHttpGet() != null) {
        return httpGet(probe.getHttpGet(), target, timeout);
      }
      if (probe.getTcpSocket() != null) {
        return tcpSocket(probe.getTcpSocket(), target, timeout);
      }
      if (probe.getExec() != null) {
        return exec(probe.getExec(), target, timeout);
      }
      if (probe.getGrpc() != null) {
        return new ProbeResult.Failure("gRPC probes are not supported by berth");
      }
      return new ProbeResult.Unknown("missing probe handler");
    } catch (PortException e) {
      return new ProbeResult.Unknown(e.getMessage());
    }
  }

  // --- httpGet ---

  private static ProbeResult httpGet(HTTPGetAction a, ProbeTarget target, Duration timeout) throws PortException {
    int port = resolvePort(a.getPort(), target.ports());
    String scheme = a.getScheme() == null || a.getScheme().isEmpty() ? "http" : a.getScheme().toLowerCase(Locale.ROOT);
    String host = a.getHost() == null || a.getHost().isEmpty() ? target.podIp() : a.getHost();
    String path = a.getPath() == null ? "" : a.getPath();
    Map<String, List<String>> headers = requestHeaders(a.getHttpHeaders());
    String url = scheme + "://" + joinHostPort(host, port) + (path.isEmpty() || path.startsWith("/") ? path : "/" + path);
    return httpGet(url, headers, System.nanoTime() + timeout.toNanos());
  }

  /** The kubelet's request headers: given ones (canonical names), then User-Agent and Accept defaults. */
  static Map<String, List<String>> requestHeaders(List<HTTPHeader> given) {
    Map<String, List<String>> h = new LinkedHashMap<>();
    if (given != null) {
      for (HTTPHeader x : given) {
        h.computeIfAbsent(canonical(x.getName()), k -> new ArrayList<>()).add(x.getValue() == null ? "" : x.getValue());
      }
    }
    h.putIfAbsent("User-Agent", List.of(USER_AGENT));
    if (!h.containsKey("Accept")) {
      h.put("Accept", List.of("*/*"));
    } else if (h.get("Accept").get(0).isEmpty()) {
      h.remove("Accept");
    }
    return h;
  }

  static ProbeResult httpGet(String firstUrl, Map<String, List<String>> headers, long deadline) {
    String url = firstUrl;
    URI first = URI.create(firstUrl);
    for (int hop = 0; ; hop++) {
      HttpAnswer answer;
      try {
        answer = exchange(URI.create(url), headers, deadline);
      } catch (ProbeIoException e) {
        return new ProbeResult.Failure("Get \"" + url + "\": " + e.getMessage());
      }
      int code = answer.status();
      String location = answer.location();
      if (code >= 300 && code < 400 && location != null && code != 304) {
        URI next;
        try {
          next = URI.create(url).resolve(new URI(location));
        } catch (URISyntaxException | IllegalArgumentException e) {
          return new ProbeResult.Failure("Get \"" + url + "\": failed to parse Location header \"" + location + "\"");
        }
        if (next.getHost() != null && next.getHost().equalsIgnoreCase(first.getHost())) {
          if (hop + 1 >= MAX_REDIRECTS) {
            return new ProbeResult.Failure("Get \"" + next + "\": stopped after 10 redirects");
          }
          url = next.toString();
          continue;
        }
      }
      if (code >= 200 && code < 400) {
        return code >= 300 ? new ProbeResult.Success("Probe terminated redirects, Response body: " + answer.body())
            : ProbeResult.SUCCESS;
      }
      return new ProbeResult.Failure("HTTP probe failed with statuscode: " + code);
    }
  }

  record HttpAnswer(int status, String location, String body) {}

  /** One HTTP/1.1 GET with {@code Connection: close}; the body is read up to 10 KiB. */
  static HttpAnswer exchange(URI uri, Map<String, List<String>> headers, long deadline) throws ProbeIoException {
    boolean tls = "https".equals(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    String hostPort = joinHostPort(uri.getHost(), port);
    try (Socket socket = connect(uri.getHost(), port, deadline)) {
      Socket s = socket;
      if (tls) {
        SSLSocket ssl = (SSLSocket) insecureTls().getSocketFactory().createSocket(socket, uri.getHost(), port, true);
        setTimeout(ssl, deadline, "awaiting headers");
        ssl.startHandshake();
        s = ssl;
      }
      StringBuilder req = new StringBuilder();
      String target = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
          + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
      req.append("GET ").append(target).append(" HTTP/1.1\r\n");
      req.append("Host: ").append(headers.containsKey("Host") ? headers.get("Host").get(0) : hostPort).append("\r\n");
      headers.forEach((name, values) -> {
        if (!name.equals("Host")) {
          values.forEach(v -> req.append(name).append(": ").append(v).append("\r\n"));
        }
      });
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      setTimeout(s, deadline, "awaiting headers");
      String statusLine = readLine(in);
      if (statusLine == null) {
        throw new ProbeIoException("EOF");
      }
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new ProbeIoException("net/http: HTTP/1.x transport connection broken: malformed HTTP response \""
            + statusLine + "\"");
      }
      int status;
      try {
        status = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new ProbeIoException("malformed HTTP status code \"" + parts[1] + "\"");
      }
      String location = null;
      long contentLength = -1;
      boolean chunked = false;
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        switch (name) {
          case "location" -> location = value;
          case "content-length" -> contentLength = parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          default -> {
            // not needed
          }
        }
      }
      String body = "";
      try {
        setTimeout(s, deadline, "reading body");
        body = readBody(in, contentLength, chunked);
      } catch (IOException e) {
        // The status decides; a body that cannot be read in time is left out.
      }
      return new HttpAnswer(status, location, body);
    } catch (SocketTimeoutException e) {
      throw new ProbeIoException("context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    } catch (IOException e) {
      throw new ProbeIoException(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private static Socket connect(String host, int port, long deadline) throws ProbeIoException {
    String addr = joinHostPort(host, port);
    Socket socket = new Socket();
    try {
      long ms = remainingMillis(deadline);
      if (ms <= 0) {
        throw new SocketTimeoutException();
      }
      socket.connect(new InetSocketAddress(host, port), (int) ms);
      return socket;
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to release
      }
      throw new ProbeIoException(dialError(addr, e));
    }
  }

  /** Go's dial error text for a failed connect. */
  static String dialError(String addr, IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "dial tcp " + addr + ": i/o timeout";
    }
    String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    if (e instanceof ConnectException && m.contains("refused")) {
      return "dial tcp " + addr + ": connect: connection refused";
    }
    if (e instanceof NoRouteToHostException) {
      return "dial tcp " + addr + ": connect: no route to host";
    }
    if (e instanceof java.net.UnknownHostException) {
      return "dial tcp: lookup " + addr.replaceFirst(":\\d+$", "") + ": no such host";
    }
    return "dial tcp " + addr + ": connect: " + m.replaceFirst(" \\(.*\\)$", "");
  }

  private static void setTimeout(Socket s, long deadline, String phase) throws SocketTimeoutException, IOException {
    long ms = remainingMillis(deadline);
    if (ms <= 0) {
      throw new SocketTimeoutException(phase);
    }
    s.setSoTimeout((int) ms);
  }

  private static String readBody(InputStream in, long contentLength, boolean chunked) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    if (chunked) {
      while (buf.size() < MAX_OUTPUT) {
        String sizeLine = readLine(in);
        if (sizeLine == null) {
          break;
        }
        int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
        if (size == 0) {
          break;
        }
        buf.write(in.readNBytes(Math.min(size, MAX_OUTPUT - buf.size())));
        readLine(in);
      }
    } else {
      long want = contentLength >= 0 ? Math.min(contentLength, MAX_OUTPUT) : MAX_OUTPUT;
      buf.write(in.readNBytes((int) want));
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
      if (b.size() > 64 * 1024) {
        throw new IOException("net/http: response header too long");
      }
    }
    return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  private static SSLContext insecureTls() throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      TrustManager trustAll = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
      ctx.init(null, new TrustManager[] {trustAll}, new SecureRandom());
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("TLS is unavailable: " + e.getMessage(), e);
    }
  }

  // --- tcpSocket ---

  private static ProbeResult tcpSocket(TCPSocketAction a, ProbeTarget target, Duration timeout) throws PortException {
    int port = resolvePort(a.getPort(), target.ports());
    String host = a.getHost() == null || a.getHost().isEmpty() ? target.podIp() : a.getHost();
    try (Socket s = connect(host, port, System.nanoTime() + timeout.toNanos())) {
      return ProbeResult.SUCCESS;
    } catch (ProbeIoException e) {
      return new ProbeResult.Failure(e.getMessage());
    } catch (IOException e) {
      return ProbeResult.SUCCESS;
    }
  }

  // --- exec ---

  private static ProbeResult exec(ExecAction a, ProbeTarget target, Duration timeout) {
    List<String> command = a.getCommand() == null ? List.of() : a.getCommand();
    if (command.isEmpty()) {
      return new ProbeResult.Unknown("exec probe has no command");
    }
    return switch (execIn(command, target, timeout)) {
      case ExecOutcome.Exited x -> x.exitCode() == 0 ? ProbeResult.SUCCESS : new ProbeResult.Failure(x.output());
      case ExecOutcome.TimedOut t -> new ProbeResult.Failure("command \"" + String.join(" ", command) + "\" timed out");
      case ExecOutcome.NotRun n -> new ProbeResult.Unknown(n.message());
    };
  }

  /** How a command run in a container ended. */
  sealed interface ExecOutcome {
    /** It exited with {@code exitCode}; {@code output} is its stdout and stderr, at most 10 KiB. */
    record Exited(int exitCode, String output) implements ExecOutcome {}

    /** It ran out of time; its process tree was killed. */
    record TimedOut() implements ExecOutcome {}

    /** It could not be started (the container is gone, no nsenter). */
    record NotRun(String message) implements ExecOutcome {}
  }

  /**
   * Runs {@code command} in the container's mount, UTS and PID namespaces ({@code nsenter -t <pid>}),
   * in its working directory, with its environment and user, for probes and hooks alike.
   *
   * @param timeout null for none (a lifecycle hook, which its caller abandons)
   */
  static ExecOutcome execIn(List<String> command, ProbeTarget target, Duration timeout) {
    if (target.process() == null || target.process().exit().isDone()) {
      return new ExecOutcome.NotRun("container is not running");
    }
    ProcessBuilder pb = new ProcessBuilder(commandLine(command, target)).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(target.env());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new ExecOutcome.NotRun("cannot run " + String.join(" ", command) + " in the container: " + e.getMessage());
    }
    CompletableFuture<String> output = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try (InputStream in = p.getInputStream()) {
        byte[] kept = in.readNBytes(MAX_OUTPUT);
        in.transferTo(OutputStream.nullOutputStream());
        output.complete(new String(kept, StandardCharsets.UTF_8));
      } catch (IOException e) {
        output.complete("");
      }
    });
    try {
      p.getOutputStream().close();
      if (timeout == null) {
        p.waitFor();
      } else if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new ExecOutcome.TimedOut();
      }
      return new ExecOutcome.Exited(p.exitValue(), output.get(1, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return new ExecOutcome.NotRun("interrupted");
    } catch (Exception e) {
      return new ExecOutcome.Exited(p.exitValue(), "");
    }
  }

  /**
   * The host command line that runs {@code command} in {@code target}'s running container: {@code
   * nsenter -t <pid> --mount --uts --pid --wd}, then {@code setpriv} to the container's user when it
   * has one. The environment is the caller's to set ({@link ProbeTarget#env()}); {@code kubectl exec}
   * uses the same line.
   */
  public static List<String> commandLine(List<String> command, ProbeTarget target) {
    List<String> argv = new ArrayList<>(List.of(program("nsenter"), "-t", Long.toString(target.process().pid()), "--mount",
        "--uts", "--pid", "--wd"));
    argv.addAll(privilegeDrop(target.user()));
    argv.addAll(command);
    return argv;
  }

  private static List<String> privilegeDrop(ContainerLaunch.RunAs user) {
    if (user == null) {
      return List.of();
    }
    List<String> args = new ArrayList<>();
    if (user.uid() != null) {
      args.add("--reuid=" + user.uid());
    }
    Long gid = user.gid();
    if (gid == null && user.uid() != null) {
      gid = primaryGid(user.uid());
    }
    if (gid != null) {
      args.add("--regid=" + gid);
      List<Long> groups = user.supplementalGroups() == null ? List.of() : user.supplementalGroups();
      args.add(groups.isEmpty() ? "--clear-groups" : "--groups=" + String.join(",", groups.stream().map(String::valueOf).toList()));
    }
    if (user.noNewPrivileges()) {
      args.add("--no-new-privs");
    }
    if (args.isEmpty()) {
      return List.of();
    }
    args.add(0, program("setpriv"));
    args.add("--");
    return args;
  }

  private static long primaryGid(long uid) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] f = line.split(":");
        if (f.length >= 4 && f[2].equals(Long.toString(uid))) {
          return Long.parseLong(f[3]);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // as for an unknown user
    }
    return 0;
  }

  /** The host program {@code name} found on the standard search path, else the bare name. */
  public static String program(String name) {
    for (String dir : SEARCH_PATH.split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return name;
  }

  // --- ports and names ---

  /** The kubelet's port resolution: a number, a name among the container's ports, or a number in a string. */
  static int resolvePort(IntOrString port, List<ContainerPort> ports) throws PortException {
    if (port == null) {
      throw new PortException("intOrString had no kind");
    }
    int p;
    if (port.getIntVal() != null) {
      p = port.getIntVal();
    } else {
      String name = port.getStrVal();
      Integer found = ports == null ? null : ports.stream().filter(cp -> name.equals(cp.getName()))
          .map(ContainerPort::getContainerPort).findFirst().orElse(null);
      if (found != null) {
        p = found;
      } else {
        try {
          p = Integer.parseInt(name);
        } catch (NumberFormatException e) {
          throw new PortException("strconv.Atoi: parsing \"" + name + "\": invalid syntax");
        }
      }
    }
    if (p <= 0 || p >= 65536) {
      throw new PortException("invalid port number: " + p);
    }
    return p;
  }

  /** Go's {@code textproto.CanonicalMIMEHeaderKey} for ordinary header names. */
  static String canonical(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    boolean upper = true;
    for (char c : name.toCharArray()) {
      sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
      upper = c == '-';
    }
    return sb.toString();
  }

  static String joinHostPort(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static long remainingMillis(long deadline) {
    return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** A probe port that cannot be resolved: the probe errors (Unknown). */
  static final class PortException extends Exception {
    PortException(String message) {
      super(message);
    }
  }

  /** A transport error, with the Go client's text. */
  static final class ProbeIoException extends IOException {
    ProbeIoException(String message) {
      super(message);
    }
  }
}
