/**
 * ControllerRevision history as upstream's {@code pkg/controller/history} keeps it ({@code
 * spec/statefulset.md} §8): {@link dev.berth.controllers.history.ControllerRevisions} hashes,
 * names, orders and compares revisions; {@link dev.berth.controllers.history.RevisionControl} is the
 * side-effect seam that writes them.
 */
package dev.berth.controllers.history;
