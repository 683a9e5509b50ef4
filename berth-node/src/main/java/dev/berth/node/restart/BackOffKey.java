package dev.berth.node.restart;

/**
 * Identifies a container's back-off entry: upstream keys it by pod and by the container's spec hash
 * (name and image), so a changed image starts from a fresh back-off.
 */
public record BackOffKey(String podUid, String containerName, String image) {}
