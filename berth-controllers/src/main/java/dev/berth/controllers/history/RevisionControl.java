package dev.berth.controllers.history;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;

/**
 * Writes ControllerRevisions, like upstream's {@code history.Interface}. Every method throws {@link
 * dev.berth.api.ApiException} with the API's status on failure (409 AlreadyExists from {@link
 * #createControllerRevision} when the name is taken) and changes nothing then.
 */
public interface RevisionControl {

  /** The stored revision, or null when none has that name. */
  ControllerRevision getControllerRevision(String namespace, String name);

  /** Creates {@code revision} as given (name included); returns what was stored. */
  ControllerRevision createControllerRevision(ControllerRevision revision);

  /** Sets {@code .revision} (the only mutable part besides metadata); returns what was stored. */
  ControllerRevision updateControllerRevision(ControllerRevision revision, long newRevision);

  void deleteControllerRevision(ControllerRevision revision);
}
