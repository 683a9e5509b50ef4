/**
 * Restarts, ordering and back-off of a pod's containers ({@code spec/kubelet.md} §2, §3): {@link
 * dev.berth.node.restart.ContainerRestarts} decides whether an exit is restarted, {@link
 * dev.berth.node.restart.CrashLoopBackOff} how long to wait, {@link dev.berth.node.restart.SyncPlanner}
 * plans a sync as a list of {@link dev.berth.node.restart.SyncAction}s, {@link
 * dev.berth.node.restart.TerminationOrder} orders sidecars after the regular containers on teardown,
 * {@link dev.berth.node.restart.GracePeriods} says how long a stopped container gets.
 */
package dev.berth.node.restart;
