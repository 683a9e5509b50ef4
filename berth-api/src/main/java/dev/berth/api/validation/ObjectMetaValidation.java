package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code ObjectMeta} rules of {@code apimachinery/pkg/api/validation/objectmeta.go} plus the core
 * group's finalizer-name check: name or generateName, namespace, labels, annotations (256 KiB in
 * total), ownerReferences, finalizers; and on update the immutable identity fields.
 *
 * <p>Update contract: like the kube-apiserver's {@code rest.BeforeUpdate}, an update that omits
 * {@code uid}, {@code creationTimestamp}, {@code deletionTimestamp} or
 * {@code deletionGracePeriodSeconds} keeps the stored value, so only a <em>different</em> value is
 * an error. {@code resourceVersion} and {@code generation} are the store's business and are not
 * checked here.
 */
public final class ObjectMetaValidation {
  private ObjectMetaValidation() {}

  public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
  static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");
  static final String FIELD_IMMUTABLE = "field is immutable";

  /**
   * {@code ValidateObjectMeta} for a new object. Expects what the kube-apiserver has done before
   * validating: the namespace taken from the URL and, when only {@code generateName} was given,
   * preferably the name generated (a still-empty name with a {@code generateName} is accepted).
   */
  public static List<FieldError> validate(ObjectMeta meta, boolean namespaced, NameValidation.NameRule nameRule, FieldPath path) {
    ObjectMeta m = meta == null ? new ObjectMeta() : meta;
    List<FieldError> errs = new ArrayList<>();
    String generateName = m.getGenerateName();
    if (generateName != null && !generateName.isEmpty()) {
      for (String msg : nameRule.check(generateName, true)) {
        errs.add(FieldError.invalid(path.child("generateName").toString(), generateName, msg));
      }
    }
    String name = m.getName();
    if (name == null || name.isEmpty()) {
      // Upstream generates the name from generateName before validating; a caller that validates
      // first is not told the name is missing when generateName will supply it.
      if (generateName == null || generateName.isEmpty()) {
        errs.add(FieldError.required(path.child("name").toString(), "name or generateName is required"));
      }
    } else {
      for (String msg : nameRule.check(name, false)) {
        errs.add(FieldError.invalid(path.child("name").toString(), name, msg));
      }
    }
    String ns = m.getNamespace();
    if (namespaced) {
      if (ns == null || ns.isEmpty()) {
        errs.add(FieldError.required(path.child("namespace").toString(), ""));
      } else {
        for (String msg : NameValidation.DNS1123_LABEL.check(ns, false)) {
          errs.add(FieldError.invalid(path.child("namespace").toString(), ns, msg));
        }
      }
    } else if (ns != null && !ns.isEmpty()) {
      errs.add(FieldError.forbidden(path.child("namespace").toString(), "not allowed on this type"));
    }
    if (m.getGeneration() != null && m.getGeneration() < 0) {
      errs.add(FieldError.invalid(path.child("generation").toString(), m.getGeneration(), "must be greater than or equal to 0"));
    }
    errs.addAll(labels(m.getLabels(), path.child("labels")));
    errs.addAll(annotations(m.getAnnotations(), path.child("annotations")));
    errs.addAll(ownerReferences(m.getOwnerReferences(), path.child("ownerReferences")));
    errs.addAll(finalizers(m.getFinalizers(), path.child("finalizers")));
    errs.addAll(kubeFinalizerNames(m.getFinalizers(), path.child("finalizers")));
    return errs;
  }

  /** {@code ValidateObjectMetaUpdate}: identity is immutable; no new finalizers once deleting. */
  public static List<FieldError> validateUpdate(ObjectMeta newMeta, ObjectMeta oldMeta, FieldPath path) {
    ObjectMeta n = newMeta == null ? new ObjectMeta() : newMeta;
    ObjectMeta o = oldMeta == null ? new ObjectMeta() : oldMeta;
    List<FieldError> errs = new ArrayList<>();
    if (present(o.getDeletionTimestamp())) {
      Set<String> extra = new TreeSet<>(orEmpty(n.getFinalizers()));
      extra.removeAll(orEmpty(o.getFinalizers()));
      if (!extra.isEmpty()) {
        errs.add(FieldError.forbidden(path.child("finalizers").toString(),
            "no new finalizers can be added if the object is being deleted, found new finalizers "
                + GoSyntax.stringSliceText(List.copyOf(extra))));
      }
    }
    immutableString(n.getName(), o.getName(), path.child("name"), false, errs);
    immutableString(n.getNamespace(), o.getNamespace(), path.child("namespace"), false, errs);
    immutableString(n.getUid(), o.getUid(), path.child("uid"), true, errs);
    immutableTime(n.getCreationTimestamp(), o.getCreationTimestamp(), path.child("creationTimestamp"), errs);
    immutableTime(n.getDeletionTimestamp(), o.getDeletionTimestamp(), path.child("deletionTimestamp"), errs);
    if (n.getDeletionGracePeriodSeconds() != null && !Objects.equals(n.getDeletionGracePeriodSeconds(), o.getDeletionGracePeriodSeconds())) {
      errs.add(FieldError.invalid(path.child("deletionGracePeriodSeconds").toString(), n.getDeletionGracePeriodSeconds(), FIELD_IMMUTABLE));
    }
    errs.addAll(labels(n.getLabels(), path.child("labels")));
    errs.addAll(annotations(n.getAnnotations(), path.child("annotations")));
    errs.addAll(ownerReferences(n.getOwnerReferences(), path.child("ownerReferences")));
    errs.addAll(kubeFinalizerNames(n.getFinalizers(), path.child("finalizers")));
    return errs;
  }

  /** {@code ValidateLabels}: qualified-name keys and label values, in key order. */
  public static List<FieldError> labels(Map<String, String> labels, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (labels == null) {
      return errs;
    }
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      errs.addAll(labelName(e.getKey(), path));
      String v = e.getValue() == null ? "" : e.getValue();
      for (String msg : NameValidation.labelValue(v)) {
        errs.add(FieldError.invalid(path.toString(), v, msg));
      }
    }
    return errs;
  }

  /** {@code ValidateLabelName}: a qualified name. */
  public static List<FieldError> labelName(String key, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (String msg : NameValidation.qualifiedName(key)) {
      errs.add(FieldError.invalid(path.toString(), key, msg));
    }
    return errs;
  }

  /** {@code ValidateAnnotations}: qualified-name keys (case-insensitive) and 256 KiB in total. */
  public static List<FieldError> annotations(Map<String, String> annotations, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (annotations == null) {
      return errs;
    }
    long total = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(annotations).entrySet()) {
      for (String msg : NameValidation.qualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
        errs.add(FieldError.invalid(path.toString(), e.getKey(), msg));
      }
      total += e.getKey().getBytes(StandardCharsets.UTF_8).length;
      total += e.getValue() == null ? 0 : e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errs.add(FieldError.tooLong(path.toString(), "", TOTAL_ANNOTATION_SIZE_LIMIT));
    }
    return errs;
  }

  /** {@code ValidateOwnerReferences}: complete references, at most one controller, no Event owners. */
  public static List<FieldError> ownerReferences(List<OwnerReference> refs, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (refs == null) {
      return errs;
    }
    String firstController = "";
    for (OwnerReference ref : refs) {
      String apiVersion = nullToEmpty(ref.getApiVersion());
      String group;
      String version;
      int slash = apiVersion.indexOf('/');
      if (apiVersion.isEmpty()) {
        group = "";
        version = "";
      } else if (slash < 0) {
        group = "";
        version = apiVersion;
      } else if (apiVersion.indexOf('/', slash + 1) < 0) {
        group = apiVersion.substring(0, slash);
        version = apiVersion.substring(slash + 1);
      } else {
        group = "";
        version = "";
      }
      String kind = nullToEmpty(ref.getKind());
      if (version.isEmpty()) {
        errs.add(FieldError.invalid(path.child("apiVersion").toString(), apiVersion, "version must not be empty"));
      }
      if (kind.isEmpty()) {
        errs.add(FieldError.invalid(path.child("kind").toString(), kind, "kind must not be empty"));
      }
      if (nullToEmpty(ref.getName()).isEmpty()) {
        errs.add(FieldError.invalid(path.child("name").toString(), "", "name must not be empty"));
      }
      if (nullToEmpty(ref.getUid()).isEmpty()) {
        errs.add(FieldError.invalid(path.child("uid").toString(), "", "uid must not be empty"));
      }
      if (group.isEmpty() && version.equals("v1") && kind.equals("Event")) {
        errs.add(FieldError.invalid(path.toString(), GoSyntax.raw(ownerReferenceText(ref)),
            "/v1, Kind=Event is disallowed from being an owner"));
      }
      if (Boolean.TRUE.equals(ref.getController())) {
        String current = kind + "/" + nullToEmpty(ref.getName());
        if (!firstController.isEmpty()) {
          errs.add(FieldError.invalid(path.toString(),
              GoSyntax.raw(refs.stream().map(ObjectMetaValidation::ownerReferenceText)
                  .collect(Collectors.joining(", ", "[]v1.OwnerReference{", "}"))),
              "Only one reference can have Controller set to true. Found \"true\" in references for " + firstController
                  + " and " + current));
        } else {
          firstController = current;
        }
      }
    }
    return errs;
  }

  /** {@code ValidateFinalizers}: qualified names; {@code orphan} and {@code foregroundDeletion} exclude each other. */
  public static List<FieldError> finalizers(List<String> finalizers, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (finalizers == null) {
      return errs;
    }
    boolean orphan = false;
    boolean foreground = false;
    for (String f : finalizers) {
      String v = nullToEmpty(f);
      for (String msg : NameValidation.qualifiedName(v)) {
        errs.add(FieldError.invalid(path.toString(), v, msg));
      }
      orphan |= v.equals("orphan");
      foreground |= v.equals("foregroundDeletion");
    }
    if (orphan && foreground) {
      errs.add(FieldError.invalid(path.toString(), GoSyntax.stringSlice(finalizers),
          "finalizer orphan and foregroundDeletion cannot be both set"));
    }
    return errs;
  }

  /** The core group's {@code validateKubeFinalizerName}: an unqualified finalizer must be a standard one. */
  static List<FieldError> kubeFinalizerNames(List<String> finalizers, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    if (finalizers == null) {
      return errs;
    }
    for (int i = 0; i < finalizers.size(); i++) {
      errs.addAll(kubeFinalizerName(nullToEmpty(finalizers.get(i)), path.index(i)));
    }
    return errs;
  }

  static List<FieldError> kubeFinalizerName(String f, FieldPath path) {
    if (!f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
      return List.of(FieldError.invalid(path.toString(), f, "name is neither a standard finalizer name nor is it fully qualified"));
    }
    return List.of();
  }

  /** {@code ValidateImmutableField} for strings; {@code keepIfEmpty} mirrors BeforeUpdate copying an omitted value. */
  private static void immutableString(String newValue, String oldValue, FieldPath path, boolean keepIfEmpty, List<FieldError> errs) {
    String n = nullToEmpty(newValue);
    String o = nullToEmpty(oldValue);
    if (keepIfEmpty && n.isEmpty()) {
      return;
    }
    if (!n.equals(o)) {
      errs.add(FieldError.invalid(path.toString(), n, FIELD_IMMUTABLE));
    }
  }

  private static void immutableTime(String newValue, String oldValue, FieldPath path, List<FieldError> errs) {
    if (!present(newValue)) {
      return;
    }
    if (!sameInstant(newValue, oldValue)) {
      errs.add(FieldError.invalid(path.toString(), GoSyntax.raw(goTime(newValue)), FIELD_IMMUTABLE));
    }
  }

  static boolean sameInstant(String a, String b) {
    if (!present(a) || !present(b)) {
      return present(a) == present(b);
    }
    try {
      return OffsetDateTime.parse(a).toInstant().equals(OffsetDateTime.parse(b).toInstant());
    } catch (DateTimeParseException e) {
      return a.equals(b);
    }
  }

  /** Go's {@code time.Time.String()} of an RFC 3339 timestamp, e.g. {@code 2024-05-01 10:00:00 +0000 UTC}. */
  static String goTime(String rfc3339) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(rfc3339).withOffsetSameInstant(ZoneOffset.UTC);
      return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + " +0000 UTC";
    } catch (DateTimeParseException e) {
      return rfc3339;
    }
  }

  static String ownerReferenceText(OwnerReference r) {
    return "v1.OwnerReference{APIVersion:" + GoSyntax.quote(nullToEmpty(r.getApiVersion())) + ", Kind:"
        + GoSyntax.quote(nullToEmpty(r.getKind())) + ", Name:" + GoSyntax.quote(nullToEmpty(r.getName())) + ", UID:"
        + GoSyntax.quote(nullToEmpty(r.getUid())) + ", Controller:" + GoSyntax.pointer("bool", r.getController())
        + ", BlockOwnerDeletion:" + GoSyntax.pointer("bool", r.getBlockOwnerDeletion()) + "}";
  }

  static boolean present(String s) {
    return s != null && !s.isEmpty();
  }

  static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  static <T> List<T> orEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }
}
