package dev.berth.node.status;

/**
 * One instance (one attempt) of a container, as the runtime reports it.
 *
 * @param containerId {@code "<scheme>://<id>"}, stable for the instance, e.g. {@code
 *     process://4f1c2a}; a new id is how probe workers notice a new instance (§4.2 step 3)
 * @param restartCount 0 for the first instance of the name, then previous + 1
 * @param image the spec image the instance was started from; reported as {@code image} and compared
 *     with the spec to notice a changed definition (§2.1)
 * @param imageId reported as {@code imageID}; empty when berth has none
 */
public record ContainerInstance(String containerId, int restartCount, String image, String imageId, InstanceState state) {}
