/**
 * Namespace lifecycle ({@code spec/api-server.md} §12.4): {@link
 * dev.berth.controllers.namespace.NamespaceController} is the loop over terminating namespaces,
 * {@link dev.berth.controllers.namespace.NamespaceDeleter} empties one and releases its
 * {@code kubernetes} finalizer, {@link dev.berth.controllers.namespace.NamespaceConditions} computes
 * the deletion conditions {@code kubectl describe ns} shows.
 */
package dev.berth.controllers.namespace;
