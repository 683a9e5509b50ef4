/**
 * The StatefulSet controller ({@code spec/statefulset.md}), laid out as upstream's {@code
 * pkg/controller/statefulset}: {@link dev.berth.controllers.statefulset.StatefulSetController} is
 * the loop (informers → handlers → work queue → reconcile), {@link
 * dev.berth.controllers.statefulset.StatefulSetReconciler} the algorithm, {@link
 * dev.berth.controllers.statefulset.StatefulPodControl} the side effects on pods and claims ({@link
 * dev.berth.controllers.statefulset.ClientStatefulPodControl} over the API), {@link
 * dev.berth.controllers.statefulset.StatefulSetPods} the identity vocabulary, {@link
 * dev.berth.controllers.statefulset.StatefulSetStatuses} the pure status and {@link
 * dev.berth.controllers.statefulset.StatefulSetRevisions} what a revision stores.
 */
package dev.berth.controllers.statefulset;
