package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.time.Instant;
import java.util.List;

/**
 * {@code NAME READY UP-TO-DATE AVAILABLE AGE [CONTAINERS IMAGES SELECTOR]}. READY is {@code
 * readyReplicas/spec.replicas}; UP-TO-DATE and AVAILABLE are integer cells; SELECTOR is the
 * selector string ({@code app=api}), empty when the selector is, {@code <invalid>} when invalid.
 */
final class DeploymentPrinter implements TablePrinter {
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Ready", "Number of the pod with ready state"),
      Column.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
      Column.string("Available", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
      Columns.AGE,
      Columns.CONTAINERS,
      Columns.IMAGES,
      Column.wide("Selector", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Deployment d = Cells.as(Deployment.class, object);
    DeploymentSpec spec = d.getSpec() == null ? new DeploymentSpec() : d.getSpec();
    DeploymentStatus status = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
    List<Container> containers = Cells.templateContainers(spec.getTemplate());
    return List.of(
        Cells.name(d),
        Cells.number(status.getReadyReplicas()) + "/" + Cells.number(spec.getReplicas()),
        Cells.number(status.getUpdatedReplicas()),
        Cells.number(status.getAvailableReplicas()),
        Cells.age(d, now),
        Cells.containerNames(containers),
        Cells.containerImages(containers),
        LabelSelectors.asString(spec.getSelector()).orElse("<invalid>"));
  }
}
