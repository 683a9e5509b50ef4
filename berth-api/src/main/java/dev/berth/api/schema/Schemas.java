package dev.berth.api.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Reflects fabric8 model classes into {@link Schema} values: the one structural schema berth uses
 * for OpenAPI, strict field validation and patch metadata.
 *
 * <p>Property names and order come from the Jackson annotations ({@code @JsonPropertyOrder} first,
 * then declaration order); {@code additionalProperties} and {@code @JsonIgnore} members are not
 * properties. Types map as upstream's OpenAPI does: {@code Integer} ⇒ {@code integer/int32},
 * {@code Long} ⇒ {@code integer/int64}, {@code Double} ⇒ {@code number/double}, {@code IntOrString}
 * and {@code Quantity} ⇒ their own schemas, {@code Object}, {@code Map<String, Object>},
 * {@code RawExtension}, {@code FieldsV1} and {@code KubernetesResource} ⇒ {@link Schema.Untyped}.
 * fabric8 keeps {@code metav1.Time} as a plain {@code String} (and {@code MicroTime} as a class or
 * a {@code ZonedDateTime}); {@link FieldMarkers} restores the {@code date-time} (and {@code byte})
 * formats of strings per field.
 */
public final class Schemas {
  private static final Map<Class<?>, Schema.Struct> DONE = new ConcurrentHashMap<>();
  private static final Object LOCK = new Object();

  private Schemas() {}

  /**
   * The schema of a fabric8 model class, e.g. {@code Schemas.of(StatefulSet.class)} named
   * {@code io.k8s.api.apps.v1.StatefulSet}. Memoised: the same class always yields the same
   * instance, so recursive types (e.g. {@code JSONSchemaProps}) and shared definitions are
   * identical objects. Thread-safe.
   *
   * @throws IllegalArgumentException if {@code type} is not a struct-like fabric8 model class
   */
  public static Schema.Struct of(Class<?> type) {
    Schema.Struct s = DONE.get(type);
    if (s != null) {
      return s;
    }
    synchronized (LOCK) {
      s = DONE.get(type);
      if (s != null) {
        return s;
      }
      Map<Class<?>, Schema.Struct> building = new LinkedHashMap<>();
      s = struct(type, building);
      DONE.putAll(building);
      return s;
    }
  }

  /**
   * Every struct reachable from {@code roots} (the roots included), keyed by definition name, in
   * depth-first order of first appearance.
   */
  public static Map<String, Schema.Struct> reachable(Collection<Schema.Struct> roots) {
    Map<String, Schema.Struct> out = new LinkedHashMap<>();
    for (Schema.Struct r : roots) {
      collect(r, out);
    }
    return out;
  }

  private static void collect(Schema s, Map<String, Schema.Struct> out) {
    switch (s) {
      case Schema.Struct st -> {
        if (out.putIfAbsent(st.name(), st) == null) {
          for (Schema.Field f : st.fields().values()) {
            collect(f.schema(), out);
          }
        }
      }
      case Schema.ListOf l -> collect(l.items(), out);
      case Schema.MapOf m -> collect(m.values(), out);
      case Schema.Scalar sc -> {}
      case Schema.IntOrString i -> {}
      case Schema.Quantity q -> {}
      case Schema.Untyped u -> {}
    }
  }

  private static Schema.Struct struct(Class<?> type, Map<Class<?>, Schema.Struct> building) {
    Schema.Struct done = DONE.get(type);
    if (done != null) {
      return done;
    }
    Schema.Struct inProgress = building.get(type);
    if (inProgress != null) {
      return inProgress;
    }
    String name = DefinitionNames.of(type);
    Map<String, Schema.Field> fields = new LinkedHashMap<>();
    Schema.Struct s = new Schema.Struct(
        name, Descriptions.ofType(name), Collections.unmodifiableMap(fields),
        FieldMarkers.structMapType(name));
    building.put(type, s);
    for (Field f : properties(type)) {
      String json = jsonName(f);
      FieldMarkers.Markers m = FieldMarkers.of(name, json);
      Schema fs = schema(f.getGenericType(), m.format(), building);
      fields.put(json, new Schema.Field(
          json, fs, Descriptions.ofField(name, json), m.required(), m.patchStrategy(),
          m.patchMergeKey(), m.listType(), m.listMapKeys(), m.mapType(), m.defaultValue()));
    }
    return s;
  }

  private static Schema schema(Type t, String format, Map<Class<?>, Schema.Struct> building) {
    if (t instanceof WildcardType w) {
      return schema(w.getUpperBounds()[0], format, building);
    }
    if (t instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (Collection.class.isAssignableFrom(raw)) {
        return new Schema.ListOf(schema(args[0], format, building), "");
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (args[1] == Object.class) {
          return new Schema.Untyped("");
        }
        return new Schema.MapOf(schema(args[1], format, building), "");
      }
      return schema(raw, format, building);
    }
    if (!(t instanceof Class<?> c)) {
      return new Schema.Untyped("");
    }
    if (c == String.class) {
      return new Schema.Scalar("string", format, "");
    }
    if (c == Integer.class || c == int.class || c == Short.class || c == short.class) {
      return new Schema.Scalar("integer", "int32", "");
    }
    if (c == Long.class || c == long.class || c == BigInteger.class) {
      return new Schema.Scalar("integer", "int64", "");
    }
    if (c == Boolean.class || c == boolean.class) {
      return new Schema.Scalar("boolean", null, "");
    }
    if (c == Double.class || c == double.class || c == Float.class || c == float.class
        || c == BigDecimal.class) {
      return new Schema.Scalar("number", "double", "");
    }
    if (c == IntOrString.class) {
      return new Schema.IntOrString("");
    }
    if (c == Quantity.class) {
      return new Schema.Quantity("");
    }
    if (c == MicroTime.class || java.time.temporal.Temporal.class.isAssignableFrom(c)) {
      return new Schema.Scalar("string", "date-time", "");
    }
    if (c == Duration.class) {
      return new Schema.Scalar("string", null, "");
    }
    if (c == Object.class || c == FieldsV1.class || c.isInterface()
        || AnyType.class.isAssignableFrom(c) || JsonNode.class.isAssignableFrom(c)
        || c == KubernetesResource.class || Map.class.isAssignableFrom(c)) {
      return new Schema.Untyped("");
    }
    if (Collection.class.isAssignableFrom(c)) {
      return new Schema.ListOf(new Schema.Untyped(""), "");
    }
    return struct(c, building);
  }

  /** The JSON properties of a model class in serialisation order. */
  static List<Field> properties(Class<?> type) {
    Map<String, Field> byName = new LinkedHashMap<>();
    List<Class<?>> chain = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      chain.addFirst(c);
    }
    for (Class<?> c : chain) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())
            || f.isAnnotationPresent(JsonIgnore.class) || !f.isAnnotationPresent(JsonProperty.class)
            || f.getName().equals("additionalProperties")) {
          continue;
        }
        byName.putIfAbsent(jsonName(f), f);
      }
    }
    JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
    if (order == null) {
      return List.copyOf(byName.values());
    }
    List<Field> out = new ArrayList<>();
    for (String n : order.value()) {
      Field f = byName.remove(n);
      if (f != null) {
        out.add(f);
      }
    }
    out.addAll(byName.values());
    return out;
  }

  private static String jsonName(Field f) {
    JsonProperty p = f.getAnnotation(JsonProperty.class);
    return p == null || p.value().isEmpty() ? f.getName() : p.value();
  }
}
