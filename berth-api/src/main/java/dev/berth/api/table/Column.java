package dev.berth.api.table;

/**
 * A {@code meta.k8s.io/v1} Table column definition. kubectl upper-cases {@code name} and hides
 * columns with {@code priority > 0} unless {@code -o wide} ({@code spec/api-server.md} §9).
 *
 * @param type {@code string}, {@code integer}, {@code number}, {@code boolean} or {@code date}
 * @param format {@code name} for the name column, otherwise usually empty
 */
public record Column(String name, String type, String format, String description, int priority) {
  public static Column string(String name, String description) {
    return new Column(name, "string", "", description, 0);
  }

  public static Column wide(String name, String description) {
    return new Column(name, "string", "", description, 1);
  }
}
