package dev.berth.node.status;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the node agent knows about a pod beyond its API object: the facts of each container name
 * (init containers, sidecars and regular containers alike), the sandbox, the addresses, and where
 * the pod worker stands. The pod's deletion is read from {@code metadata.deletionTimestamp} of the
 * pod object itself.
 *
 * @param containers by container name; a name missing here has no instance and no start failure
 * @param sandbox whether the pod's namespaces, IP and hosts files exist ({@code
 *     PodReadyToStartContainers})
 * @param podIps the pod's addresses, primary first
 * @param hostIps the node's addresses, primary first
 * @param terminal true once the pod worker has stopped every container of a pod that is being torn
 *     down (deleted or evicted): the phase becomes {@code Succeeded} or {@code Failed} from the exit
 *     codes, even under {@code restartPolicy: Always} (§1.4, Appendix E 11); upstream's {@code
 *     podIsTerminal}
 * @param failure set when the agent itself fails the pod (eviction, {@code activeDeadlineSeconds}):
 *     the phase is {@code Failed} with this reason and message (§1.4 post-processing, §5.5)
 */
public record PodFacts(
    Map<String, ContainerFacts> containers,
    Sandbox sandbox,
    List<String> podIps,
    List<String> hostIps,
    boolean terminal,
    Optional<PodFailure> failure) {

  public PodFacts {
    containers = Map.copyOf(containers);
    podIps = List.copyOf(podIps);
    hostIps = List.copyOf(hostIps);
  }

  /** The state of a pod's sandbox: upstream's {@code PodSandboxChanged} inputs. */
  public enum Sandbox {
    /** Never created: the first sync creates it. */
    NOT_CREATED,
    /** Exists, has its IP and files: containers can start. */
    READY,
    /** Existed and is gone (its namespace holder died): everything restarts in a new one (§3.1). */
    LOST
  }

  /** The agent's own verdict on a pod, e.g. {@code DeadlineExceeded} / {@code Pod was active on the node longer than the specified deadline}. */
  public record PodFailure(String reason, String message) {}

  /** The facts of {@code name}, or {@link ContainerFacts#none} when nothing is known. */
  public ContainerFacts container(String name) {
    ContainerFacts f = containers.get(name);
    return f == null ? ContainerFacts.none(name) : f;
  }
}
