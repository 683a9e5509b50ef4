package dev.berth.api.validation;

/**
 * A field path rendered exactly like {@code k8s.io/apimachinery/pkg/util/validation/field.Path}:
 * children joined by {@code .}, list indices and map keys in brackets, e.g. {@code
 * spec.template.spec.containers[0].ports[1].name} or {@code metadata.annotations[a/b]}.
 */
public record FieldPath(String value) {

  public static FieldPath of(String first, String... more) {
    FieldPath p = new FieldPath(first);
    for (String m : more) {
      p = p.child(m);
    }
    return p;
  }

  public FieldPath child(String name, String... more) {
    FieldPath p = new FieldPath(value.isEmpty() ? name : value + "." + name);
    for (String m : more) {
      p = p.child(m);
    }
    return p;
  }

  public FieldPath index(int i) {
    return new FieldPath(value + "[" + i + "]");
  }

  public FieldPath key(String k) {
    return new FieldPath(value + "[" + k + "]");
  }

  @Override
  public String toString() {
    return value;
  }
}
