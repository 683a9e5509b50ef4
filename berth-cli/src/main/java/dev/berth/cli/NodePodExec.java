package dev.berth.cli;

import dev.berth.apiserver.PodExec;
import dev.berth.client.ResourceKey;
import dev.berth.node.exec.ContainerExec;
import dev.berth.node.probe.ProbeTarget;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pods/exec} in the node agent's containers: the running instance of the container comes
 * from the agent ({@code NodeAgentController#execTarget}), the command runs through {@link
 * ContainerExec}. Until the agent is {@link #attach attached} (it starts after the API), no
 * container runs.
 */
final class NodePodExec implements PodExec {

  /** The running instance of a container of the pod with that key and uid; empty when it does not run. */
  @FunctionalInterface
  interface ExecTargets {
    Optional<ProbeTarget> execTarget(ResourceKey pod, String uid, String container);
  }

  private final ContainerExec runtime;
  private volatile ExecTargets targets = (pod, uid, container) -> Optional.empty();

  NodePodExec(ContainerExec runtime) {
    this.runtime = runtime;
  }

  void attach(ExecTargets targets) {
    this.targets = targets;
  }

  @Override
  public Starter prepare(ObjectNode pod, String container, Options options) {
    ResourceKey key = new ResourceKey(pod.path("metadata").path("namespace").asString(""), pod.path("metadata").path("name").asString(""));
    String uid = pod.path("metadata").path("uid").asString("");
    ProbeTarget target = targets.execTarget(key, uid, container).orElseThrow(() -> new ContainerNotRunning(container));
    return size -> adapt(runtime.start(target, options.command(), !options.tty() ? null
        : size == null ? new ContainerExec.Terminal(0, 0) : new ContainerExec.Terminal(size.width(), size.height())));
  }

  private static Process adapt(ContainerExec.ExecProcess p) {
    return new Process() {
      @Override
      public OutputStream stdin() {
        return p.stdin();
      }

      @Override
      public InputStream stdout() {
        return p.stdout();
      }

      @Override
      public InputStream stderr() {
        return p.stderr();
      }

      @Override
      public int waitFor() throws InterruptedException {
        return p.waitFor();
      }

      @Override
      public void resize(int width, int height) {
        p.resize(width, height);
      }

      @Override
      public void kill() {
        p.kill();
      }
    };
  }
}
