package dev.berth.apiserver;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.berth.api.ApiException;
import dev.berth.api.Json;
import dev.berth.api.ResourceRegistry;
import dev.berth.api.ResourceType;
import dev.berth.api.time.FakeClock;
import dev.berth.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link ResourceService} over a {@link MemoryStore} and a {@link FakeClock}, with the
 * {@code default} namespace, as {@code berth server} wires it minus HTTP. Objects are written as
 * JSON with single quotes ({@code json("{'a':1}")}).
 */
final class ServiceFixture {
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String SERVICE_CIDR = "127.2.0.0/16";

  final ResourceRegistry registry = ResourceRegistry.standard();
  final MemoryStore store = new MemoryStore();
  final FakeClock clock = new FakeClock(START);
  final ResourceService service = new ResourceService(registry, store, clock, IpRange.parse(SERVICE_CIDR));

  final ResourceType namespaces = type("", "namespaces");
  final ResourceType pods = type("", "pods");
  final ResourceType services = type("", "services");
  final ResourceType configMaps = type("", "configmaps");
  final ResourceType secrets = type("", "secrets");
  final ResourceType pvcs = type("", "persistentvolumeclaims");
  final ResourceType events = type("", "events");
  final ResourceType eventsV1 = type("events.k8s.io", "events");
  final ResourceType statefulSets = type("apps", "statefulsets");
  final ResourceType deployments = type("apps", "deployments");
  final ResourceType storageClasses = type("storage.k8s.io", "storageclasses");

  ServiceFixture() {
    createNamespace("default");
  }

  ResourceType type(String group, String plural) {
    return registry.byPlural(group, plural).orElseThrow(() -> new AssertionError("no resource " + group + "/" + plural));
  }

  static ObjectNode json(String singleQuoted) {
    return Json.parseObject(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  static JsonNode jsonNode(String singleQuoted) {
    return Json.parse(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  static WriteOptions opts() {
    return WriteOptions.defaults("test");
  }

  static WriteOptions opts(WriteOptions.FieldValidation v) {
    return new WriteOptions(false, "test", v, false);
  }

  static WriteOptions dryRun() {
    return new WriteOptions(true, "test", WriteOptions.FieldValidation.WARN, false);
  }

  ObjectNode createNamespace(String name) {
    return service.create(namespaces, null, json("{'metadata':{'name':'" + name + "'}}"), opts()).object();
  }

  ObjectNode create(ResourceType t, ObjectNode body) {
    return service.create(t, "default", body, opts()).object();
  }

  ObjectNode get(ResourceType t, String name) {
    return service.get(t, "default", name);
  }

  boolean exists(ResourceType t, String name) {
    return store.get(t.storageKey(), t.namespaced() ? "default" : "", name).isPresent();
  }

  static ObjectNode configMap(String name) {
    return json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'" + name + "'},'data':{'a':'1'}}");
  }

  /** A valid StatefulSet {@code web} with {@code replicas} pods labelled {@code app=web}. */
  static ObjectNode statefulSet(String name, int replicas) {
    return json("{'apiVersion':'apps/v1','kind':'StatefulSet','metadata':{'name':'" + name + "','labels':{'app':'" + name + "'}},"
        + "'spec':{'replicas':" + replicas + ",'serviceName':'" + name + "','selector':{'matchLabels':{'app':'" + name + "'}},"
        + "'template':{'metadata':{'labels':{'app':'" + name + "'}},"
        + "'spec':{'containers':[{'name':'app','image':'busybox:1.36','env':[{'name':'A','value':'1'}]}]}}}}");
  }

  static ObjectNode pod(String name) {
    return json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "','labels':{'app':'web'}},"
        + "'spec':{'containers':[{'name':'app','image':'busybox:1.36'}]}}");
  }

  static ObjectNode service(String name, String specJson) {
    return json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'" + name + "'},'spec':" + specJson + "}");
  }

  static String rv(JsonNode o) {
    return o.path("metadata").path("resourceVersion").asString("");
  }

  /** The ApiException {@code call} throws; fails the test when it throws none. */
  static ApiException apiError(ThrowingCallable call) {
    ApiException e = catchThrowableOfType(ApiException.class, call);
    if (e == null) {
      throw new AssertionError("expected an ApiException (a Status reply), but the call succeeded");
    }
    return e;
  }
}
