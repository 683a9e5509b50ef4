package dev.berth.node.restart;

import java.util.List;

/**
 * What one sync should do, and the back-off table after it: the table already records the restarts
 * the plan starts (upstream advances back-off before the start is attempted).
 */
public record SyncPlan(List<SyncAction> actions, CrashLoopBackOff backOff) {
  public SyncPlan {
    actions = List.copyOf(actions);
  }
}
