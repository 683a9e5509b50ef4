package dev.berth.api.table;

import dev.berth.api.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code meta.k8s.io/v1} Table body the API server returns when {@code Accept} asks for {@code
 * as=Table} ({@code spec/api-server.md} §9.1, Appendix A.1):
 *
 * <pre>{@code
 * {"kind":"Table","apiVersion":"meta.k8s.io/v1",
 *  "metadata":{"resourceVersion":"4711"},             // "continue" only when non-empty
 *  "columnDefinitions":[{"name":"Name","type":"string","format":"name","description":"…","priority":0},…],
 *  "rows":[{"cells":["web","3/3","12m",…],
 *           "conditions":[…],                          // pods that finished only
 *           "object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{…}}}]}
 * }</pre>
 *
 * A watch in Table mode sends one one-row Table per event; like upstream (which turns {@code
 * NoHeaders} on after the first event) only the first carries column definitions, later ones
 * have {@code "columnDefinitions":null}, which kubectl accepts and which keeps it from reprinting
 * the header.
 */
public final class Tables {
  private Tables() {}

  /**
   * @param resourceVersion the list's resourceVersion (for a single GET or a watch event, the
   *     object's); omitted when null or empty
   * @param continueToken omitted when null or empty
   * @param withColumnDefinitions false for every watch event after the first
   * @param now the response time, against which ages are computed
   */
  public static ObjectNode table(
      TablePrinter printer,
      List<? extends HasMetadata> objects,
      String resourceVersion,
      String continueToken,
      IncludeObject include,
      boolean withColumnDefinitions,
      Instant now) {
    ObjectNode table = Json.MAPPER.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (resourceVersion != null && !resourceVersion.isEmpty()) {
      metadata.put("resourceVersion", resourceVersion);
    }
    if (continueToken != null && !continueToken.isEmpty()) {
      metadata.put("continue", continueToken);
    }
    if (withColumnDefinitions) {
      ArrayNode columns = table.putArray("columnDefinitions");
      for (Column c : printer.columns()) {
        ObjectNode column = columns.addObject();
        column.put("name", c.name());
        column.put("type", c.type());
        column.put("format", c.format());
        column.put("description", c.description());
        column.put("priority", c.priority());
      }
    } else {
      table.putNull("columnDefinitions");
    }
    ArrayNode rows = table.putArray("rows");
    for (HasMetadata object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      List<Object> values = printer.cells(object, now);
      if (values.size() != printer.columns().size()) {
        throw new IllegalStateException(
            "printer for " + object.getKind() + " gave " + values.size() + " cells for " + printer.columns().size() + " columns");
      }
      for (Object value : values) {
        addCell(cells, value);
      }
      List<RowCondition> conditions = printer.conditions(object);
      if (!conditions.isEmpty()) {
        ArrayNode array = row.putArray("conditions");
        for (RowCondition c : conditions) {
          ObjectNode condition = array.addObject();
          condition.put("type", c.type());
          condition.put("status", c.status());
          condition.put("reason", c.reason());
          condition.put("message", c.message());
        }
      }
      switch (include) {
        case NONE -> row.putNull("object");
        case METADATA -> row.set("object", partialObjectMetadata(object));
        case OBJECT -> row.set("object", fullObject(object));
      }
    }
    return table;
  }

  /** {@code {"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{…}}}. */
  static ObjectNode partialObjectMetadata(HasMetadata object) {
    ObjectNode partial = Json.MAPPER.createObjectNode();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.getMetadata() == null ? Json.MAPPER.createObjectNode() : Json.toTree(object.getMetadata()));
    return partial;
  }

  /** The object as JSON, with kind and apiVersion first (from the model class when unset). */
  static ObjectNode fullObject(HasMetadata object) {
    ObjectNode tree = Json.toTree(object);
    String kind = object.getKind() != null ? object.getKind() : HasMetadata.getKind(object.getClass());
    String apiVersion = object.getApiVersion() != null ? object.getApiVersion() : HasMetadata.getApiVersion(object.getClass());
    ObjectNode ordered = Json.MAPPER.createObjectNode();
    ordered.put("kind", kind);
    ordered.put("apiVersion", apiVersion);
    tree.remove("kind");
    tree.remove("apiVersion");
    ordered.setAll(tree);
    return ordered;
  }

  private static void addCell(ArrayNode cells, Object value) {
    switch (value) {
      case null -> cells.addNull();
      case String s -> cells.add(s);
      case Long l -> cells.add(l.longValue());
      case Integer i -> cells.add(i.intValue());
      case Boolean b -> cells.add(b.booleanValue());
      default -> throw new IllegalArgumentException("a Table cell must be a string, integer, boolean or null, not " + value.getClass());
    }
  }
}
