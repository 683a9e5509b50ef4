package dev.berth.controllers.volume;

import java.util.List;

/**
 * What one pass does for one claim or volume, in order. A failure stops the rest; the next pass
 * recomputes from the caches.
 */
public record VolumePlan(List<VolumeAction> actions) {
  public static final VolumePlan NOTHING = new VolumePlan(List.of());

  public VolumePlan {
    actions = List.copyOf(actions);
  }

  public static VolumePlan of(VolumeAction... actions) {
    return new VolumePlan(List.of(actions));
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
