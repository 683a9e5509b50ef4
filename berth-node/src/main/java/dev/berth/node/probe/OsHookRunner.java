package dev.berth.node.probe;

import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Lifecycle hooks as the kubelet runs them ({@code spec/kubelet.md} §5.1), each on a virtual thread
 * of its own:
 *
 * <ul>
 *   <li><b>exec</b>: in the container's namespaces, as an exec probe ({@link OsProbeRunner}), without a
 *       timeout; a non-zero exit fails with {@code command '<cmd>' exited with <code>: <output>}.
 *   <li><b>httpGet</b>: the probe's request ({@code User-Agent: kube-lifecycle/1.32}, host = pod IP
 *       unless set), one GET: <b>any</b> answer is a success, whatever its status code; only a
 *       transport error fails.
 * </ul>
 */
public final class OsHookRunner implements HookRunner {
  /** The kubelet version berth answers for, as its probes do. */
  public static final String USER_AGENT = "kube-lifecycle/1.32";

  /** How long an HTTP hook may take at most; a preStop hook is abandoned at its grace period anyway. */
  private static final Duration HTTP_LIMIT = Duration.ofHours(1);

  @Override
  public CompletableFuture<HookResult> run(LifecycleHandler handler, ProbeTarget target) {
    CompletableFuture<HookResult> f = new CompletableFuture<>();
    Thread.ofVirtual().name("berth-hook").start(() -> {
      try {
        f.complete(runNow(handler, target));
      } catch (RuntimeException e) {
        f.complete(new HookResult.Failure(String.valueOf(e.getMessage()), ""));
      }
    });
    return f;
  }

  static HookResult runNow(LifecycleHandler handler, ProbeTarget target) {
    if (handler.getExec() != null) {
      List<String> command = handler.getExec().getCommand() == null ? List.of() : handler.getExec().getCommand();
      if (command.isEmpty()) {
        return new HookResult.Failure("exec hook has no command", "");
      }
      return switch (OsProbeRunner.execIn(command, target, null)) {
        case OsProbeRunner.ExecOutcome.Exited x -> x.exitCode() == 0 ? HookResult.SUCCESS
            : new HookResult.Failure("command '" + String.join(" ", command) + "' exited with " + x.exitCode() + ": "
                + x.output().strip(), x.output());
        case OsProbeRunner.ExecOutcome.TimedOut t -> new HookResult.Failure("command timed out", "");
        case OsProbeRunner.ExecOutcome.NotRun n -> new HookResult.Failure(n.message(), "");
      };
    }
    if (handler.getHttpGet() != null) {
      return httpGet(handler.getHttpGet(), target);
    }
    return new HookResult.Failure("invalid handler: " + handler, "");
  }

  private static HookResult httpGet(HTTPGetAction a, ProbeTarget target) {
    int port;
    try {
      port = OsProbeRunner.resolvePort(a.getPort(), target.ports());
    } catch (OsProbeRunner.PortException e) {
      return new HookResult.Failure(e.getMessage(), "");
    }
    String scheme = a.getScheme() == null || a.getScheme().isEmpty() ? "http" : a.getScheme().toLowerCase(Locale.ROOT);
    String host = a.getHost() == null || a.getHost().isEmpty() ? target.podIp() : a.getHost();
    String path = a.getPath() == null ? "" : a.getPath();
    Map<String, List<String>> headers = OsProbeRunner.requestHeaders(a.getHttpHeaders());
    boolean given = a.getHttpHeaders() != null && a.getHttpHeaders().stream().anyMatch(h -> "user-agent".equalsIgnoreCase(h.getName()));
    if (!given) {
      headers.put("User-Agent", List.of(USER_AGENT));
    }
    String url = scheme + "://" + OsProbeRunner.joinHostPort(host, port) + (path.isEmpty() || path.startsWith("/") ? path : "/" + path);
    try {
      OsProbeRunner.exchange(URI.create(url), headers, System.nanoTime() + HTTP_LIMIT.toNanos());
      return HookResult.SUCCESS;
    } catch (OsProbeRunner.ProbeIoException e) {
      return new HookResult.Failure("Get \"" + url + "\": " + e.getMessage(), "");
    } catch (IllegalArgumentException e) {
      return new HookResult.Failure("parse \"" + url + "\": " + e.getMessage(), "");
    }
  }
}
