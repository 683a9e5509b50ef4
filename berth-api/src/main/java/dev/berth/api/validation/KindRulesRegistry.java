package dev.berth.api.validation;

import dev.berth.api.FieldError;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Map;

/**
 * The {@link KindRules} of every kind berth serves, by fabric8 model class. core/v1
 * {@link Event} and events.k8s.io/v1 {@link io.fabric8.kubernetes.api.model.events.v1.Event} are
 * different classes and get different rules, as upstream validates them differently. Any other
 * class gets {@link PermissiveRules}. Rules are stateless and shared.
 */
public final class KindRulesRegistry {
  private KindRulesRegistry() {}

  private static final Map<Class<? extends HasMetadata>, KindRules<?>> RULES = Map.ofEntries(
      Map.entry(Pod.class, new PodRules()),
      Map.entry(Service.class, new ServiceRules()),
      Map.entry(Endpoints.class, new EndpointsRules()),
      Map.entry(EndpointSlice.class, new EndpointSliceRules()),
      Map.entry(PersistentVolumeClaim.class, new PersistentVolumeClaimRules()),
      Map.entry(PersistentVolume.class, new PersistentVolumeRules()),
      Map.entry(ConfigMap.class, new ConfigMapRules()),
      Map.entry(Secret.class, new SecretRules()),
      Map.entry(ServiceAccount.class, new ServiceAccountRules()),
      Map.entry(Namespace.class, new NamespaceRules()),
      Map.entry(Node.class, new NodeRules()),
      Map.entry(Event.class, new CoreEventRules()),
      Map.entry(io.fabric8.kubernetes.api.model.events.v1.Event.class, new EventsV1EventRules()),
      Map.entry(StatefulSet.class, new StatefulSetRules()),
      Map.entry(Deployment.class, new DeploymentRules()),
      Map.entry(ReplicaSet.class, new ReplicaSetRules()),
      Map.entry(ControllerRevision.class, new ControllerRevisionRules()),
      Map.entry(StorageClass.class, new StorageClassRules()),
      Map.entry(Lease.class, new LeaseRules()));

  /**
   * The rules for objects of {@code type}, usable with any {@link HasMetadata} whose class is
   * exactly {@code type} (as {@code ResourceType.javaType()} gives it). Passing an object of
   * another class throws {@link IllegalArgumentException}.
   */
  public static KindRules<HasMetadata> forType(Class<? extends HasMetadata> type) {
    return checked(type);
  }

  private static <T extends HasMetadata> KindRules<HasMetadata> checked(Class<T> type) {
    return new Checked<>(type, typed(type));
  }

  /** The rules for {@code type}, typed; {@link PermissiveRules} for a kind without specific rules. */
  @SuppressWarnings("unchecked")
  public static <T extends HasMetadata> KindRules<T> typed(Class<T> type) {
    KindRules<?> rules = RULES.get(type);
    return rules == null ? new PermissiveRules<>() : (KindRules<T>) rules;
  }

  /** Whether berth has specific rules for {@code type} (rather than the permissive default). */
  public static boolean hasRulesFor(Class<? extends HasMetadata> type) {
    return RULES.containsKey(type);
  }

  /** Adapts typed rules to any {@link HasMetadata}, checking the class of every object passed in. */
  private record Checked<T extends HasMetadata>(Class<T> type, KindRules<T> rules) implements KindRules<HasMetadata> {
    @Override
    public void applyDefaults(HasMetadata object) {
      rules.applyDefaults(cast(object));
    }

    @Override
    public List<FieldError> validateCreate(HasMetadata object) {
      return rules.validateCreate(cast(object));
    }

    @Override
    public List<FieldError> validateUpdate(HasMetadata object, HasMetadata old) {
      return rules.validateUpdate(cast(object), cast(old));
    }

    @Override
    public List<String> warnings(HasMetadata object) {
      return rules.warnings(cast(object));
    }

    private T cast(HasMetadata o) {
      if (!type.isInstance(o)) {
        throw new IllegalArgumentException("rules for " + type.getName() + " cannot check a " + (o == null ? "null" : o.getClass().getName()));
      }
      return type.cast(o);
    }
  }
}
