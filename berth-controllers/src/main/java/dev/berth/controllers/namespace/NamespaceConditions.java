package dev.berth.controllers.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The deletion conditions of a terminating Namespace, as upstream's namespace controller writes
 * them ({@code kubectl describe ns} shows them). Pure: same content and existing conditions in,
 * same conditions out; {@code lastTransitionTime} only moves when a condition's status flips.
 */
public final class NamespaceConditions {
  public static final String DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
  public static final String GROUP_VERSION_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
  public static final String CONTENT_FAILURE = "NamespaceDeletionContentFailure";
  public static final String CONTENT_REMAINING = "NamespaceContentRemaining";
  public static final String FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

  private NamespaceConditions() {}

  /**
   * The five conditions for {@code content}, e.g. with one pod left holding a finalizer:
   * {@code NamespaceContentRemaining=True SomeResourcesRemain "Some resources are remaining: pods. has
   * 1 resource instances"} and {@code NamespaceFinalizersRemaining=True SomeFinalizersRemain "Some
   * content in the namespace has finalizers remaining: example.com/x in 1 resource instances"}.
   */
  public static List<NamespaceCondition> compute(NamespaceContent content, List<NamespaceCondition> existing, String now) {
    List<NamespaceCondition> out = new ArrayList<>();
    out.add(condition(existing, now, DISCOVERY_FAILURE, false, "ResourcesDiscovered", "All resources successfully discovered"));
    out.add(condition(existing, now, GROUP_VERSION_PARSING_FAILURE, false, "ParsedGroupVersions",
        "All legacy kube types successfully parsed"));
    out.add(content.failures().isEmpty()
        ? condition(existing, now, CONTENT_FAILURE, false, "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization")
        : condition(existing, now, CONTENT_FAILURE, true, "ContentDeletionFailed",
            "Failed to delete all resource types, " + content.failures().size() + " remaining: "
                + String.join(", ", content.failures())));
    out.add(content.remaining().isEmpty()
        ? condition(existing, now, CONTENT_REMAINING, false, "ContentRemoved", "All content successfully removed")
        : condition(existing, now, CONTENT_REMAINING, true, "SomeResourcesRemain",
            "Some resources are remaining: " + join(content.remaining(), " has %d resource instances")));
    out.add(content.finalizers().isEmpty()
        ? condition(existing, now, FINALIZERS_REMAINING, false, "ContentHasNoFinalizers",
            "All content-preserving finalizers finished")
        : condition(existing, now, FINALIZERS_REMAINING, true, "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: " + join(content.finalizers(), " in %d resource instances")));
    return out;
  }

  private static String join(Map<String, Integer> counts, String format) {
    return counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + String.format(format, e.getValue())).collect(Collectors.joining(", "));
  }

  private static NamespaceCondition condition(List<NamespaceCondition> existing, String now, String type, boolean status,
      String reason, String message) {
    String s = status ? "True" : "False";
    String since = now;
    for (NamespaceCondition c : existing) {
      if (type.equals(c.getType()) && s.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
        since = c.getLastTransitionTime();
      }
    }
    return new NamespaceConditionBuilder().withType(type).withStatus(s).withReason(reason).withMessage(message)
        .withLastTransitionTime(since).build();
  }
}
