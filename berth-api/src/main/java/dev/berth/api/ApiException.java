package dev.berth.api;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusCauseBuilder;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An error that the API answers with a {@code kind: Status} body, shaped like the kube-apiserver's
 * ({@code spec/api-server.md} §8). Every layer throws these; the HTTP layer only serialises them.
 */
public final class ApiException extends RuntimeException {
  private final transient Status status;

  public ApiException(Status status) {
    super(status.getMessage());
    this.status = status;
  }

  public Status status() {
    return status;
  }

  public int code() {
    return status.getCode();
  }

  public String reason() {
    return status.getReason();
  }

  private static ApiException of(int code, String reason, String message, String group, String kind, String name) {
    StatusBuilder b = new StatusBuilder().withStatus("Failure").withMessage(message).withReason(reason).withCode(code);
    if (kind != null || name != null) {
      b.withDetails(new StatusDetailsBuilder().withName(name).withGroup(group).withKind(kind).build());
    }
    Status s = b.withNewMetadata().endMetadata().build();
    return new ApiException(s);
  }

  public static ApiException notFound(ResourceType t, String name) {
    return of(404, "NotFound", t.qualifiedName() + " \"" + name + "\" not found", t.group(), t.plural(), name);
  }

  public static ApiException notFound(String group, String plural, String name) {
    String q = group.isEmpty() ? plural : plural + "." + group;
    return of(404, "NotFound", q + " \"" + name + "\" not found", group, plural, name);
  }

  /** Unknown path: no details, like the real server. */
  public static ApiException notFoundPath() {
    return of(404, "NotFound", "the server could not find the requested resource", null, null, null);
  }

  public static ApiException alreadyExists(ResourceType t, String name) {
    return of(409, "AlreadyExists", t.qualifiedName() + " \"" + name + "\" already exists", t.group(), t.plural(), name);
  }

  public static ApiException conflict(ResourceType t, String name) {
    return conflict(t, name, "the object has been modified; please apply your changes to the latest version and try again");
  }

  public static ApiException conflict(ResourceType t, String name, String why) {
    return of(409, "Conflict", "Operation cannot be fulfilled on " + t.qualifiedName() + " \"" + name + "\": " + why, t.group(), t.plural(), name);
  }

  public static ApiException gone(String message) {
    return of(410, "Expired", message, null, null, null);
  }

  public static ApiException badRequest(String message) {
    return of(400, "BadRequest", message, null, null, null);
  }

  public static ApiException unauthorized() {
    return of(401, "Unauthorized", "Unauthorized", null, null, null);
  }

  public static ApiException forbidden(ResourceType t, String name, String message) {
    return of(403, "Forbidden", t.qualifiedName() + " \"" + name + "\" is forbidden: " + message, t.group(), t.plural(), name);
  }

  public static ApiException methodNotAllowed() {
    return of(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null, null, null);
  }

  public static ApiException notAcceptable(String message) {
    return of(406, "NotAcceptable", message, null, null, null);
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
        + "application/json, application/yaml, application/json-patch+json, application/merge-patch+json, "
        + "application/strategic-merge-patch+json, application/apply-patch+yaml (got " + contentType + ")", null, null, null);
  }

  public static ApiException tooLarge(String message) {
    return of(413, "RequestEntityTooLarge", message, null, null, null);
  }

  public static ApiException timeout(String message) {
    return of(504, "Timeout", message, null, null, null);
  }

  public static ApiException internal(String message) {
    return of(500, "InternalError", message, null, null, null);
  }

  /** 422 without a reason, as the real server answers a failed JSON patch operation. */
  public static ApiException unprocessable(String message) {
    Status s = new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure").withMessage(message).withCode(422).build();
    return new ApiException(s);
  }

  /**
   * 422 Invalid: {@code StatefulSet.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be ...]}.
   * One error renders without brackets, as upstream's {@code ErrorList.ToAggregate} does.
   */
  public static ApiException invalid(ResourceType t, String name, List<FieldError> errors) {
    return invalid(t.group(), t.kind(), name, errors);
  }

  public static ApiException invalid(String group, String kind, String name, List<FieldError> errors) {
    String qualifiedKind = group.isEmpty() ? kind : kind + "." + group;
    String list = errors.size() == 1 ? errors.get(0).toString()
        : errors.stream().map(FieldError::toString).collect(Collectors.joining(", ", "[", "]"));
    List<StatusCause> causes = errors.stream()
        .map(e -> new StatusCauseBuilder().withReason(e.type().reason).withMessage(e.message()).withField(e.field()).build())
        .toList();
    Status s = new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure")
        .withMessage(qualifiedKind + " \"" + name + "\" is invalid: " + list)
        .withReason("Invalid").withCode(422)
        .withDetails(new StatusDetailsBuilder().withName(name).withGroup(group).withKind(kind).withCauses(causes).build())
        .build();
    return new ApiException(s);
  }
}
