package dev.berth.api.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class VolumePrintersTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  record Case(String why, HasMetadata object, List<Object> cells) {
    @Override
    public String toString() {
      return object.getKind() + ": " + why;
    }
  }

  static PersistentVolumeClaimBuilder claim() {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data-web-0").withNamespace("default").withCreationTimestamp("2026-01-01T11:00:00Z").endMetadata()
        .withNewSpec().withAccessModes("ReadWriteOnce").withStorageClassName("local-path")
        .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec();
  }

  static PersistentVolumeBuilder volume() {
    return new PersistentVolumeBuilder()
        .withNewMetadata().withName("pvc-3f1a").withCreationTimestamp("2026-01-01T11:00:00Z").endMetadata()
        .withNewSpec().withCapacity(Map.of("storage", new Quantity("1024Mi")))
        .withAccessModes("ReadWriteOnce").withPersistentVolumeReclaimPolicy("Delete").withStorageClassName("local-path")
        .withVolumeMode("Filesystem").withNewHostPath().withPath("/var/lib/berth/pv/pvc-3f1a").endHostPath().endSpec();
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("pending: capacity and access modes stay empty until bound",
            claim().withNewStatus().withPhase("Pending").endStatus().build(),
            List.of("data-web-0", "Pending", "", "", "", "local-path", "<unset>", "60m", "<unset>")),
        new Case("bound: capacity and modes from status",
            claim().editSpec().withVolumeName("pvc-3f1a").withVolumeMode("Filesystem").endSpec()
                .withNewStatus().withPhase("Bound").withAccessModes("ReadWriteOnce", "ReadWriteOncePod", "ReadOnlyMany")
                .withCapacity(Map.of("storage", new Quantity("1024Mi"))).endStatus().build(),
            List.of("data-web-0", "Bound", "pvc-3f1a", "1Gi", "RWO,ROX,RWOP", "local-path", "<unset>", "60m", "Filesystem")),
        new Case("terminating wins over the phase",
            claim().editMetadata().withDeletionTimestamp("2026-01-01T11:59:00Z").endMetadata()
                .withNewStatus().withPhase("Bound").endStatus().build(),
            List.of("data-web-0", "Terminating", "", "", "", "local-path", "<unset>", "60m", "<unset>")),
        new Case("no class is empty, not <unset>; a volume attributes class is shown",
            claim().editSpec().withStorageClassName(null).withVolumeAttributesClassName("gold").endSpec().build(),
            List.of("data-web-0", "", "", "", "", "", "gold", "60m", "<unset>")),
        new Case("the beta class annotation wins over the field",
            claim().editMetadata().addToAnnotations("volume.beta.kubernetes.io/storage-class", "legacy").endMetadata().build(),
            List.of("data-web-0", "", "", "", "", "legacy", "<unset>", "60m", "<unset>")),
        new Case("bound volume with its claim",
            volume().editSpec().withNewClaimRef().withNamespace("default").withName("data-web-0").endClaimRef().endSpec()
                .withNewStatus().withPhase("Bound").endStatus().build(),
            List.of("pvc-3f1a", "1Gi", "RWO", "Delete", "Bound", "default/data-web-0", "local-path", "<unset>", "", "60m",
                "Filesystem")),
        new Case("released, all modes, failure reason",
            volume().editSpec().withAccessModes("ReadWriteMany", "ReadOnlyMany", "ReadWriteOnce").withVolumeMode(null)
                .withPersistentVolumeReclaimPolicy("Retain").endSpec()
                .withNewStatus().withPhase("Failed").withReason("RecyclerFailed").endStatus().build(),
            List.of("pvc-3f1a", "1Gi", "RWO,ROX,RWX", "Retain", "Failed", "", "local-path", "<unset>", "RecyclerFailed",
                "60m", "<unset>")),
        new Case("terminating volume",
            volume().editMetadata().withDeletionTimestamp("2026-01-01T11:59:00Z").endMetadata()
                .withNewStatus().withPhase("Released").endStatus().build(),
            List.of("pvc-3f1a", "1Gi", "RWO", "Delete", "Terminating", "", "local-path", "<unset>", "", "60m",
                "Filesystem")));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void cells(Case c) {
    TablePrinter printer = TablePrinters.forKind(c.object().getApiVersion(), c.object().getKind());
    assertThat(printer.cells(c.object(), NOW)).as(c.toString()).containsExactlyElementsOf(c.cells());
  }
}
