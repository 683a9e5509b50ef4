package dev.berth.controllers.endpoints;

import java.util.ArrayList;
import java.util.List;

/**
 * What one pass writes for one service, in order: slices created, then updated, then deleted
 * (upstream's {@code finalize} order, so that consumers never see a moment with fewer endpoints than
 * needed), then the legacy Endpoints object. Empty when the API already holds the desired state.
 */
public record EndpointsPlan(List<EndpointAction> actions) {
  public static final EndpointsPlan NOTHING = new EndpointsPlan(List.of());

  public EndpointsPlan {
    actions = List.copyOf(actions);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }

  public EndpointsPlan plus(List<EndpointAction> more) {
    List<EndpointAction> all = new ArrayList<>(actions);
    all.addAll(more);
    return new EndpointsPlan(all);
  }

  /** The actions of one kind, e.g. {@code plan.of(EndpointAction.CreateSlice.class)}. */
  public <A extends EndpointAction> List<A> of(Class<A> kind) {
    return actions.stream().filter(kind::isInstance).map(kind::cast).toList();
  }
}
