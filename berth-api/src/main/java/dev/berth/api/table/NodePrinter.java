package dev.berth.api.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code NAME STATUS ROLES AGE VERSION [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
 * CONTAINER-RUNTIME]}.
 *
 * <ul>
 *   <li>STATUS: {@code Ready} when the (last) Ready condition is True, {@code NotReady} when it
 *       is anything else, {@code Unknown} without one; {@code ,SchedulingDisabled} appended when
 *       {@code spec.unschedulable}.
 *   <li>ROLES: sorted, distinct suffixes of {@code node-role.kubernetes.io/<role>} label keys and
 *       values of the {@code kubernetes.io/role} label, comma-joined, or {@code <none>}.
 * </ul>
 */
final class NodePrinter implements TablePrinter {
  private static final String ROLE_PREFIX = "node-role.kubernetes.io/";
  private static final String ROLE_LABEL = "kubernetes.io/role";
  private static final String ADDRESSES = "List of addresses reachable to the node. Queried from cloud provider, if available.";
  private static final List<Column> COLUMNS = List.of(
      Columns.NAME,
      Column.string("Status", "The status of the node"),
      Column.string("Roles", "The roles of the node"),
      Columns.AGE,
      Column.string("Version", "Kubelet Version reported by the node."),
      Column.wide("Internal-IP", ADDRESSES),
      Column.wide("External-IP", ADDRESSES),
      Column.wide("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy))."),
      Column.wide("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
      Column.wide("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2)."));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<Object> cells(HasMetadata object, Instant now) {
    Node node = Cells.as(Node.class, object);
    NodeStatus status = node.getStatus() == null ? new NodeStatus() : node.getStatus();
    NodeSystemInfo info = status.getNodeInfo() == null ? new NodeSystemInfo() : status.getNodeInfo();
    return List.of(
        Cells.name(node),
        status(node, status),
        roles(Cells.map(Cells.meta(node).getLabels())),
        Cells.age(node, now),
        Cells.text(info.getKubeletVersion()),
        address(status, "InternalIP"),
        address(status, "ExternalIP"),
        Cells.orElse(info.getOsImage(), Ages.UNKNOWN),
        Cells.orElse(info.getKernelVersion(), Ages.UNKNOWN),
        Cells.orElse(info.getContainerRuntimeVersion(), Ages.UNKNOWN));
  }

  private static String status(Node node, NodeStatus status) {
    NodeCondition ready = null;
    for (NodeCondition c : Cells.list(status.getConditions())) {
      if ("Ready".equals(c.getType())) {
        ready = c;
      }
    }
    String text = ready == null ? "Unknown" : "True".equals(ready.getStatus()) ? "Ready" : "NotReady";
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      text += ",SchedulingDisabled";
    }
    return text;
  }

  private static String roles(Map<String, String> labels) {
    TreeSet<String> roles = new TreeSet<>();
    labels.forEach((k, v) -> {
      if (k.startsWith(ROLE_PREFIX) && k.length() > ROLE_PREFIX.length()) {
        roles.add(k.substring(ROLE_PREFIX.length()));
      } else if (k.equals(ROLE_LABEL) && v != null && !v.isEmpty()) {
        roles.add(v);
      }
    });
    return roles.isEmpty() ? Cells.NONE : String.join(",", roles);
  }

  /** The first address of {@code type}, or {@code <none>}. */
  private static String address(NodeStatus status, String type) {
    for (NodeAddress a : Cells.list(status.getAddresses())) {
      if (type.equals(a.getType())) {
        return Cells.text(a.getAddress());
      }
    }
    return Cells.NONE;
  }
}
