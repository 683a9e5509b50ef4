/**
 * The garbage collector ({@code spec/api-server.md} §12.3): {@link
 * dev.berth.controllers.gc.GarbageCollectorController} is the loop (informers → {@link
 * dev.berth.controllers.gc.DependencyGraph} → work queue of uids), {@link
 * dev.berth.controllers.gc.GarbageCollector} the algorithm (a {@link dev.berth.controllers.gc.GcPlan}
 * per node), {@link dev.berth.controllers.gc.GarbageCollectorControl} the side effects.
 */
package dev.berth.controllers.gc;
