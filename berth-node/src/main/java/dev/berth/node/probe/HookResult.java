package dev.berth.node.probe;

/**
 * How one run of a lifecycle hook's handler ended ({@code spec/kubelet.md} §5.1). Closed: the pod
 * worker switches over it exhaustively.
 */
public sealed interface HookResult {
  Success SUCCESS = new Success();

  /** The handler returned: an exec command exited 0, an HTTP request got any answer, a sleep ran out. */
  record Success() implements HookResult {}

  /**
   * The handler failed. {@code error} is upstream's error text, e.g. {@code command 'sh -c exit 3'
   * exited with 3: bye} or {@code Get "http://127.1.0.2:8080/stop": dial tcp 127.1.0.2:8080: connect:
   * connection refused}; {@code output} what an exec command printed (empty otherwise).
   */
  record Failure(String error, String output) implements HookResult {}
}
