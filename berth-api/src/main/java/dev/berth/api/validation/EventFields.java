package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of upstream's internal {@code core.Event}, which both core/v1 and events.k8s.io/v1
 * Events convert to before validation; error paths therefore use the internal names
 * ({@code involvedObject}, {@code message}, {@code reportingController}) for both APIs.
 */
record EventFields(
    ObjectMeta metadata,
    ObjectReference involvedObject,
    String reason,
    String message,
    Object source,
    String firstTimestamp,
    String lastTimestamp,
    int count,
    String type,
    String eventTime,
    Integer seriesCount,
    String seriesLastObservedTime,
    String action,
    ObjectReference related,
    String reportingController,
    String reportingInstance) {

  static final int REPORTING_INSTANCE_LIMIT = 128;
  static final int ACTION_LIMIT = 128;
  static final int REASON_LIMIT = 128;
  static final int NOTE_LIMIT = 1024;

  String namespace() {
    return metadata == null || metadata.getNamespace() == null ? "" : metadata.getNamespace();
  }

  String involvedNamespace() {
    return involvedObject == null || involvedObject.getNamespace() == null ? "" : involvedObject.getNamespace();
  }

  /** {@code legacyValidateEvent}: what every Event must satisfy, whichever API wrote it. */
  List<FieldError> legacy() {
    List<FieldError> errs = new ArrayList<>();
    String ns = namespace();
    String involvedNs = involvedNamespace();
    if (!present(eventTime)) {
      if (involvedNs.isEmpty()) {
        if (!ns.isEmpty() && !ns.equals("default")) {
          errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
        }
      } else if (!ns.equals(involvedNs)) {
        errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
      }
    } else {
      if (involvedNs.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
        errs.add(FieldError.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace"));
      }
      String rc = nz(reportingController);
      if (rc.isEmpty()) {
        errs.add(FieldError.required("reportingController", ""));
      }
      for (String msg : NameValidation.qualifiedName(rc)) {
        errs.add(FieldError.invalid("reportingController", rc, msg));
      }
      if (nz(reportingInstance).isEmpty()) {
        errs.add(FieldError.required("reportingInstance", ""));
      }
      if (bytes(reportingInstance) > REPORTING_INSTANCE_LIMIT) {
        errs.add(FieldError.invalid("reportingInstance", "", "can have at most " + REPORTING_INSTANCE_LIMIT + " characters"));
      }
      if (nz(action).isEmpty()) {
        errs.add(FieldError.required("action", ""));
      }
      if (bytes(action) > ACTION_LIMIT) {
        errs.add(FieldError.invalid("action", "", "can have at most " + ACTION_LIMIT + " characters"));
      }
      if (nz(reason).isEmpty()) {
        errs.add(FieldError.required("reason", ""));
      }
      if (bytes(reason) > REASON_LIMIT) {
        errs.add(FieldError.invalid("reason", "", "can have at most " + REASON_LIMIT + " characters"));
      }
      if (bytes(message) > NOTE_LIMIT) {
        errs.add(FieldError.invalid("message", "", "can have at most " + NOTE_LIMIT + " characters"));
      }
    }
    for (String msg : NameValidation.dns1123Subdomain(ns)) {
      errs.add(FieldError.invalid("namespace", ns, msg));
    }
    return errs;
  }

  /** {@code validateV1EventSeries}. */
  List<FieldError> series() {
    List<FieldError> errs = new ArrayList<>();
    if (seriesCount == null && seriesLastObservedTime == null) {
      return errs;
    }
    if (seriesCount == null || seriesCount < 2) {
      errs.add(FieldError.invalid("series.count", "", "should be at least 2"));
    }
    if (!present(seriesLastObservedTime)) {
      errs.add(FieldError.required("series.lastObservedTime", ""));
    }
    return errs;
  }

  static String referenceText(ObjectReference r) {
    if (r == null) {
      return "core.ObjectReference{Kind:\"\", Namespace:\"\", Name:\"\", UID:\"\", APIVersion:\"\", ResourceVersion:\"\", FieldPath:\"\"}";
    }
    return "core.ObjectReference{Kind:" + GoSyntax.quote(nz(r.getKind())) + ", Namespace:" + GoSyntax.quote(nz(r.getNamespace()))
        + ", Name:" + GoSyntax.quote(nz(r.getName())) + ", UID:" + GoSyntax.quote(nz(r.getUid())) + ", APIVersion:"
        + GoSyntax.quote(nz(r.getApiVersion())) + ", ResourceVersion:" + GoSyntax.quote(nz(r.getResourceVersion()))
        + ", FieldPath:" + GoSyntax.quote(nz(r.getFieldPath())) + "}";
  }

  static boolean present(String s) {
    return s != null && !s.isEmpty();
  }

  static String nz(String s) {
    return s == null ? "" : s;
  }

  private static int bytes(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
