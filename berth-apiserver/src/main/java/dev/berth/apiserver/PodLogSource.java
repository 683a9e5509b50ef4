package dev.berth.apiserver;

import dev.berth.apiserver.http.HttpReply;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where {@code pods/log} reads from: the node agent's log files. A seam, so the API server needs
 * nothing of the node module ({@code spec/api-server.md} §14.1).
 */
public interface PodLogSource {
  /**
   * The log of {@code container} of {@code pod} as {@code text/plain}, streaming when
   * {@code follow=true}.
   *
   * @param query the request's query ({@code follow}, {@code previous}, {@code tailLines},
   *     {@code sinceSeconds}, {@code sinceTime}, {@code timestamps}, {@code limitBytes})
   * @throws dev.berth.api.ApiException 400 for a container that is waiting or has no previous instance
   */
  HttpReply logs(ObjectNode pod, String container, Map<String, List<String>> query);

  /** Before a node agent runs: every container is still waiting to start. */
  PodLogSource NONE = (pod, container, query) -> {
    throw dev.berth.api.ApiException.badRequest("container \"" + container + "\" in pod \""
        + pod.path("metadata").path("name").asString("") + "\" is waiting to start: ContainerCreating");
  };
}
