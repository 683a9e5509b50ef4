/**
 * The node agent: the kubelet of the one Node {@code berth} ({@code spec/kubelet.md} §1–§5,
 * Appendix D). It ties the pure kubelet logic ({@code status}, {@code restart}, {@code env}, {@code
 * probe.timing}) to the side-effect seams:
 *
 * <ul>
 *   <li>{@link dev.berth.node.agent.NodeAgentController} is the loop: a pod informer enqueues pod
 *       keys; {@code reconcile(key)} binds unscheduled pods ({@link dev.berth.node.agent.PodScheduler})
 *       and drives the key's {@link dev.berth.node.agent.PodWorker}. On start it adopts the container
 *       processes an earlier berth left running, and stops those whose pod is gone.
 *   <li>{@link dev.berth.node.agent.PodWorker} is one pod's state machine, SYNCING → TERMINATING →
 *       TERMINATED → FINISHED: it publishes status, plans with {@code SyncPlanner}, starts and stops
 *       processes, runs probes, tears down, and deletes the pod object at the end of a deletion.
 *   <li>Seams: {@link dev.berth.node.runtime.ProcessLauncher} (processes), {@link
 *       dev.berth.node.probe.ProbeRunner} (one probe run), {@link
 *       dev.berth.node.agent.PodSandboxControl} (the pod's IP, files and volumes), {@link
 *       dev.berth.client.record.EventRecorder} (core/v1 Events), the {@code ApiClient}.
 * </ul>
 *
 * Tests drive all of it synchronously with {@code FakeClock}, {@code FakeApiClient}, {@code
 * FakeProcessLauncher}, {@code FakePodSandboxControl} and {@code FakeProbeRunner}.
 */
package dev.berth.node.agent;
