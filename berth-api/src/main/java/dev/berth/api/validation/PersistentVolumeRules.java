package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeSpec;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * PersistentVolumes: {@code persistentVolumeReclaimPolicy: Retain}, {@code volumeMode: Filesystem},
 * {@code status.phase: Pending} by default; {@code ValidatePersistentVolume}: access modes, a
 * {@code storage} capacity, a supported reclaim policy and exactly one volume source (a
 * {@code local} one needs node affinity). The source, {@code volumeMode} and a set
 * {@code nodeAffinity} are immutable.
 */
public final class PersistentVolumeRules implements KindRules<PersistentVolume> {

  /** PV volume sources in upstream's order: JSON key, path segment in the error. */
  private static final List<String[]> SOURCES = List.of(new String[] {"hostPath", "hostPath"},
      new String[] {"gcePersistentDisk", "gcePersistentDisk"}, new String[] {"awsElasticBlockStore", "awsElasticBlockStore"},
      new String[] {"glusterfs", "glusterfs"}, new String[] {"flocker", "flocker"}, new String[] {"nfs", "nfs"},
      new String[] {"rbd", "rbd"}, new String[] {"quobyte", "quobyte"}, new String[] {"cephfs", "cephFS"},
      new String[] {"iscsi", "iscsi"}, new String[] {"cinder", "cinder"}, new String[] {"fc", "fc"},
      new String[] {"flexVolume", "flexVolume"}, new String[] {"azureFile", "azureFile"}, new String[] {"vsphereVolume", "vsphereVolume"},
      new String[] {"photonPersistentDisk", "photonPersistentDisk"}, new String[] {"portworxVolume", "portworxVolume"},
      new String[] {"azureDisk", "azureDisk"}, new String[] {"scaleIO", "scaleIO"}, new String[] {"local", "local"},
      new String[] {"storageos", "storageos"}, new String[] {"csi", "csi"});
  private static final List<String> SPEC_FIELDS_NOT_SOURCE = List.of("accessModes", "capacity", "claimRef", "mountOptions", "nodeAffinity",
      "persistentVolumeReclaimPolicy", "storageClassName", "volumeAttributesClassName", "volumeMode");

  @Override
  public void applyDefaults(PersistentVolume pv) {
    if (pv.getSpec() == null) {
      pv.setSpec(new PersistentVolumeSpec());
    }
    if (pv.getSpec().getPersistentVolumeReclaimPolicy() == null || pv.getSpec().getPersistentVolumeReclaimPolicy().isEmpty()) {
      pv.getSpec().setPersistentVolumeReclaimPolicy("Retain");
    }
    if (pv.getSpec().getVolumeMode() == null) {
      pv.getSpec().setVolumeMode("Filesystem");
    }
    if (pv.getSpec().getHostPath() != null && pv.getSpec().getHostPath().getType() == null) {
      pv.getSpec().getHostPath().setType("");
    }
    if (pv.getStatus() == null) {
      pv.setStatus(new PersistentVolumeStatus());
    }
    if (pv.getStatus().getPhase() == null || pv.getStatus().getPhase().isEmpty()) {
      pv.getStatus().setPhase("Pending");
    }
  }

  @Override
  public List<FieldError> validateCreate(PersistentVolume pv) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validate(pv.getMetadata(), false, NameValidation.DNS1123_SUBDOMAIN, FieldPath.of("metadata")));
    errs.addAll(spec(pv.getSpec() == null ? new PersistentVolumeSpec() : pv.getSpec(), FieldPath.of("spec")));
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(PersistentVolume pv, PersistentVolume old) {
    List<FieldError> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(pv.getMetadata(), old.getMetadata(), FieldPath.of("metadata")));
    errs.addAll(validateCreate(pv));
    PersistentVolumeSpec n = pv.getSpec() == null ? new PersistentVolumeSpec() : pv.getSpec();
    PersistentVolumeSpec o = old.getSpec() == null ? new PersistentVolumeSpec() : old.getSpec();
    ObjectNode now = source(n);
    ObjectNode before = source(o);
    if (o.getCsi() != null && o.getCsi().getControllerExpandSecretRef() == null && now.has("csi")) {
      ((ObjectNode) now.get("csi")).remove("controllerExpandSecretRef");
    }
    if (!SpecDiff.normalize(now).equals(SpecDiff.normalize(before))) {
      errs.add(FieldError.forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation\n"
          + SpecDiff.diff("core.PersistentVolumeSource", before, now)));
    }
    if (!Objects.equals(n.getVolumeMode(), o.getVolumeMode())) {
      errs.add(FieldError.invalid("volumeMode", n.getVolumeMode(), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    if (o.getNodeAffinity() != null && !SpecDiff.same(n.getNodeAffinity(), o.getNodeAffinity())) {
      errs.add(FieldError.invalid("nodeAffinity", GoSyntax.raw("core.VolumeNodeAffinity{...}"), ObjectMetaValidation.FIELD_IMMUTABLE));
    }
    return errs;
  }

  static List<FieldError> spec(PersistentVolumeSpec spec, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    List<String> modes = spec.getAccessModes() == null ? List.of() : spec.getAccessModes();
    if (modes.isEmpty()) {
      errs.add(FieldError.required(path.child("accessModes").toString(), ""));
    }
    errs.addAll(PersistentVolumeClaimRules.accessModes(modes, path.child("accessModes")));
    Map<String, Quantity> capacity = spec.getCapacity() == null ? Map.of() : new TreeMap<>(spec.getCapacity());
    if (capacity.isEmpty()) {
      errs.add(FieldError.required(path.child("capacity").toString(), ""));
    }
    if (!capacity.containsKey("storage") || capacity.size() > 1) {
      errs.add(FieldError.notSupported(path.child("capacity").toString(), GoSyntax.raw(capacityText(capacity)), List.of("storage")));
    }
    for (Map.Entry<String, Quantity> e : capacity.entrySet()) {
      FieldPath cp = path.child("capacity").key(e.getKey());
      var v = Quantities.value(e.getValue());
      if (v.isEmpty()) {
        errs.add(FieldError.invalid(cp.toString(), Quantities.text(e.getValue()), Quantities.FORMAT_ERROR));
      } else if (v.get().signum() <= 0) {
        errs.add(FieldError.invalid(cp.toString(), Quantities.text(e.getValue()), "must be greater than zero"));
      }
    }
    String reclaim = spec.getPersistentVolumeReclaimPolicy();
    if (reclaim != null && !reclaim.isEmpty() && !List.of("Delete", "Recycle", "Retain").contains(reclaim)) {
      errs.add(FieldError.notSupported(path.child("persistentVolumeReclaimPolicy").toString(), reclaim, List.of("Delete", "Recycle", "Retain")));
    }
    boolean nodeAffinity = false;
    if (spec.getNodeAffinity() != null) {
      nodeAffinity = true;
      if (spec.getNodeAffinity().getRequired() != null) {
        errs.addAll(PodSpecValidation.nodeSelector(spec.getNodeAffinity().getRequired(), path.child("nodeAffinity", "required")));
      } else {
        errs.add(FieldError.required(path.child("nodeAffinity", "required").toString(), "must specify required node constraints"));
      }
    }
    ObjectNode tree = SpecDiff.tree(spec);
    int count = 0;
    for (String[] src : SOURCES) {
      if (!tree.has(src[0]) || tree.get(src[0]).isNull()) {
        continue;
      }
      if (count > 0 && !src[0].equals("flexVolume")) {
        errs.add(FieldError.forbidden(path.child(src[1]).toString(), "may not specify more than 1 volume type"));
        continue;
      }
      count++;
      switch (src[0]) {
        case "hostPath" -> {
          String p = spec.getHostPath().getPath() == null ? "" : spec.getHostPath().getPath();
          if (p.isEmpty()) {
            errs.add(FieldError.required(path.child("hostPath", "path").toString(), ""));
          } else {
            errs.addAll(PodSpecValidation.noBacksteps(p, path.child("hostPath", "path")));
          }
        }
        case "local" -> {
          String p = spec.getLocal().getPath() == null ? "" : spec.getLocal().getPath();
          if (p.isEmpty()) {
            errs.add(FieldError.required(path.child("local", "path").toString(), ""));
          } else {
            errs.addAll(PodSpecValidation.noBacksteps(p, path.child("local", "path")));
          }
          if (!nodeAffinity) {
            errs.add(FieldError.required(path.child("nodeAffinity").toString(), "Local volume requires node affinity"));
          }
        }
        case "nfs" -> {
          if (spec.getNfs().getServer() == null || spec.getNfs().getServer().isEmpty()) {
            errs.add(FieldError.required(path.child("nfs", "server").toString(), ""));
          }
          String p = spec.getNfs().getPath() == null ? "" : spec.getNfs().getPath();
          if (p.isEmpty()) {
            errs.add(FieldError.required(path.child("nfs", "path").toString(), ""));
          }
          if (!p.startsWith("/")) {
            errs.add(FieldError.invalid(path.child("nfs", "path").toString(), p, "must be an absolute path"));
          }
        }
        case "csi" -> {
          if (spec.getCsi().getDriver() == null || spec.getCsi().getDriver().isEmpty()) {
            errs.add(FieldError.required(path.child("csi", "driver").toString(), ""));
          }
          if (spec.getCsi().getVolumeHandle() == null || spec.getCsi().getVolumeHandle().isEmpty()) {
            errs.add(FieldError.required(path.child("csi", "volumeHandle").toString(), ""));
          }
        }
        default -> {
        }
      }
    }
    if (count == 0) {
      errs.add(FieldError.required(path.toString(), "must specify a volume type"));
    }
    if (spec.getHostPath() != null && "Recycle".equals(reclaim) && "/".equals(java.nio.file.Path.of(nz(spec.getHostPath().getPath())).normalize().toString())) {
      errs.add(FieldError.forbidden(path.child("persistentVolumeReclaimPolicy").toString(), "may not be 'recycle' for a hostPath mount of '/'"));
    }
    if (spec.getStorageClassName() != null && !spec.getStorageClassName().isEmpty()) {
      errs.addAll(PodSpecValidation.dns1123Subdomain(spec.getStorageClassName(), path.child("storageClassName")));
    }
    if (spec.getVolumeMode() != null && !PersistentVolumeClaimRules.VOLUME_MODES.contains(spec.getVolumeMode())) {
      errs.add(FieldError.notSupported(path.child("volumeMode").toString(), spec.getVolumeMode(), PersistentVolumeClaimRules.VOLUME_MODES));
    }
    return errs;
  }

  /** The spec without its non-source fields: upstream's {@code PersistentVolumeSource}. */
  private static ObjectNode source(PersistentVolumeSpec spec) {
    ObjectNode t = SpecDiff.tree(spec);
    SPEC_FIELDS_NOT_SOURCE.forEach(t::remove);
    return t;
  }

  private static String capacityText(Map<String, Quantity> capacity) {
    if (capacity.isEmpty()) {
      return "core.ResourceList(nil)";
    }
    StringBuilder s = new StringBuilder("core.ResourceList{");
    boolean first = true;
    for (Map.Entry<String, Quantity> e : capacity.entrySet()) {
      if (!first) {
        s.append(", ");
      }
      first = false;
      s.append(GoSyntax.quote(e.getKey())).append(":").append(GoSyntax.quote(Quantities.text(e.getValue())));
    }
    return s.append('}').toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
