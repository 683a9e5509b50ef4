/**
 * The status a kubelet publishes for a pod, computed purely ({@code spec/kubelet.md} §1, Appendix
 * B): {@link dev.berth.node.status.PodStatuses#generate} turns the pod, the previous status and
 * the agent's {@link dev.berth.node.status.PodFacts} into a {@code PodStatus} — phase ({@link
 * dev.berth.node.status.PodPhases}), conditions ({@link dev.berth.node.status.PodConditions}),
 * container statuses, addresses, {@code startTime}, {@code qosClass} ({@link
 * dev.berth.node.status.QosClasses}).
 */
package dev.berth.node.status;
