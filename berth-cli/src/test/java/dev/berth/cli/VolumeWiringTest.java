package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.apiserver.Bootstrap;
import dev.berth.controllers.volume.PersistentVolumeReconciler;
import org.junit.jupiter.api.Test;

/** The default StorageClass the API server bootstraps names the provisioner the controllers run. */
class VolumeWiringTest {
  @Test
  void theDefaultStorageClassNamesBerthsProvisioner() {
    assertThat(Bootstrap.LOCAL_PATH_PROVISIONER).isEqualTo(PersistentVolumeReconciler.LOCAL_PATH_PROVISIONER);
  }
}
