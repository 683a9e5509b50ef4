package dev.berth.apiserver;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of a write: the object as stored (or as it would be, under dry run), the warnings
 * to send as {@code Warning:} headers, and whether the write created the object (201).
 *
 * @param object null when a delete removed the object at once
 */
public record WriteResult(ObjectNode object, List<String> warnings, boolean created) {}
