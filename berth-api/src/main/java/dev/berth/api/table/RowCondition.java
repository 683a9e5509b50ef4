package dev.berth.api.table;

/**
 * A {@code meta.k8s.io/v1} TableRowCondition. Upstream marks finished pods with {@code
 * Completed=True} (reason {@code Succeeded} or {@code Failed}) so clients can tell them apart.
 */
public record RowCondition(String type, String status, String reason, String message) {}
