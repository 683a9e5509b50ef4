package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Nodes: {@code status.allocatable} defaults to {@code status.capacity}; {@code ValidateNode} and
 * {@code ValidateNodeUpdate} (taints unique by key and effect, non-negative resources, podCIDRs
 * and providerID fixed once set). Taint errors carry upstream's {@code metadata.taints} path.
 */
public final class NodeRules implements KindRules<Node> {

  @Override
  public void applyDefaults(Node node) {
    var status = node.getStatus();
    if (status != null && (status.getAllocatable() == null || status.getAllocatable().isEmpty())
        && status.getCapacity() != null && !status.getCapacity().isEmpty()) {
      Map<String, Quantity> copy = new LinkedHashMap<>();
      status.getCapacity().forEach((k, v) -> copy.put(k, new Quantity(v.getAmount(), v.getFormat())));
      status.setAllocatable(copy);
    }
  }

  @Override
  public List<FieldError> validateCreate(Node node) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(node.getMetadata(), false, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
    errs.addAll(taints(spec.getTaints(), FieldPath.of("metadata", "taints")));
    errs.addAll(resources(node));
    List<String> cidrs = spec.getPodCIDRs() == null ? List.of() : spec.getPodCIDRs();
    for (int i = 0; i < cidrs.size(); i++) {
      String c = cidrs.get(i) == null ? "" : cidrs.get(i);
      int slash = c.indexOf('/');
      boolean ok = slash > 0 && IpLiterals.parse(c.substring(0, slash)).isPresent() && c.substring(slash + 1).matches("[0-9]{1,3}");
      if (!ok) {
        errs.add(FieldError.invalid(FieldPath.of("spec", "podCIDRs").index(i).toString(), c, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"));
      }
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Node node, Node old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(node.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(resources(node));
    if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
      Set<String> seen = new HashSet<>();
      List<NodeAddress> addresses = node.getStatus().getAddresses();
      for (int i = 0; i < addresses.size(); i++) {
        NodeAddress a = addresses.get(i);
        if (!seen.add(a.getType() + "/" + a.getAddress())) {
          errs.add(FieldError.duplicate(FieldPath.of("status", "addresses").index(i).toString(),
              GoSyntax.raw("core.NodeAddress{Type:" + GoSyntax.quote(a.getType()) + ", Address:" + GoSyntax.quote(a.getAddress()) + "}")));
        }
      }
    }
    NodeSpec spec = node.getSpec() == null ? new NodeSpec() : node.getSpec();
    NodeSpec oldSpec = old.getSpec() == null ? new NodeSpec() : old.getSpec();
    List<String> oldCidrs = oldSpec.getPodCIDRs() == null ? List.of() : oldSpec.getPodCIDRs();
    List<String> cidrs = spec.getPodCIDRs() == null ? List.of() : spec.getPodCIDRs();
    String cidrMessage = "node updates may not change podCIDR except from \"\" to valid";
    if (!oldCidrs.isEmpty()) {
      if (oldCidrs.size() != cidrs.size()) {
        errs.add(FieldError.forbidden("spec.podCIDRs", cidrMessage));
      } else {
        for (int i = 0; i < oldCidrs.size(); i++) {
          if (!oldCidrs.get(i).equals(cidrs.get(i))) {
            errs.add(FieldError.forbidden("spec.podCIDRs", cidrMessage));
          }
        }
      }
    }
    if (oldSpec.getProviderID() != null && !oldSpec.getProviderID().isEmpty() && !oldSpec.getProviderID().equals(spec.getProviderID())) {
      errs.add(FieldError.forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
    }
    errs.addAll(taints(spec.getTaints(), FieldPath.of("metadata", "taints")));
    if (!Objects.equals(blankToNull(spec.getExternalID()), blankToNull(oldSpec.getExternalID()))) {
      errs.add(FieldError.forbidden("spec.externalID", "may not be updated"));
    }
    return errs;
  }

  static List<FieldError> taints(List<Taint> taints, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (taints == null) {
      return errs;
    }
    Set<String> unique = new HashSet<>();
    for (int i = 0; i < taints.size(); i++) {
      Taint t = taints.get(i);
      FieldPath idx = path.index(i);
      String key = t.getKey() == null ? "" : t.getKey();
      String value = t.getValue() == null ? "" : t.getValue();
      String effect = t.getEffect() == null ? "" : t.getEffect();
      errs.addAll(ObjectMetaValidation.labelName(key, idx.child("key")));
      List<String> msgs = NameValidation.labelValue(value);
      if (!msgs.isEmpty()) {
        errs.add(FieldError.invalid(idx.child("value").toString(), value, String.join(";", msgs)));
      }
      if (effect.isEmpty()) {
        errs.add(FieldError.required(idx.child("effect").toString(), ""));
      } else if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
        errs.add(FieldError.notSupported(idx.child("effect").toString(), effect, List.of("NoSchedule", "PreferNoSchedule", "NoExecute")));
      }
      if (!unique.add(effect + "\u0000" + key)) {
        errs.add(new FieldError(FieldError.Type.DUPLICATE, idx.toString(), GoSyntax.raw("core.Taint{Key:" + GoSyntax.quote(key) + ", Value:"
            + GoSyntax.quote(value) + ", Effect:" + GoSyntax.quote(effect) + ", TimeAdded:<nil>}"), "taints must be unique by key and effect pair"));
      }
    }
    return errs;
  }

  private static List<FieldError> resources(Node node) {
    List<FieldError> errs = new ArrayList<>();
    if (node.getStatus() == null) {
      return errs;
    }
    for (var entry : List.of(Map.entry("capacity", orEmpty(node.getStatus().getCapacity())),
        Map.entry("allocatable", orEmpty(node.getStatus().getAllocatable())))) {
      for (Map.Entry<String, Quantity> e : new TreeMap<>(entry.getValue()).entrySet()) {
        FieldPath p = FieldPath.of("status", entry.getKey(), e.getKey());
        var v = Quantities.value(e.getValue());
        if (v.isEmpty()) {
          errs.add(FieldError.invalid(p.toString(), Quantities.text(e.getValue()), Quantities.FORMAT_ERROR));
        } else if (v.get().signum() < 0) {
          errs.add(FieldError.invalid(p.toString(), Quantities.text(e.getValue()), "must be greater than or equal to 0"));
        }
      }
    }
    return errs;
  }

  private static Map<String, Quantity> orEmpty(Map<String, Quantity> m) {
    return m == null ? Map.of() : m;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
