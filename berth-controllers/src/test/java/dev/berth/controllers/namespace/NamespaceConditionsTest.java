package dev.berth.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NamespaceConditionsTest {

  @Test
  void emptyContentGivesTheFiveFalseConditions() {
    List<NamespaceCondition> c = NamespaceConditions.compute(NamespaceContent.EMPTY, List.of(), "t1");
    assertThat(c).extracting(NamespaceCondition::getType).containsExactly(
        "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure", "NamespaceDeletionContentFailure",
        "NamespaceContentRemaining", "NamespaceFinalizersRemaining");
    assertThat(c).extracting(NamespaceCondition::getStatus).containsOnly("False");
  }

  @Test
  void transitionTimeMovesOnlyWhenTheStatusFlips() {
    NamespaceContent remaining = new NamespaceContent(Map.of("pods.", 2), Map.of(), List.of());
    List<NamespaceCondition> first = NamespaceConditions.compute(remaining, List.of(), "t1");
    List<NamespaceCondition> again = NamespaceConditions.compute(remaining, first, "t2");
    assertThat(again).as("same content, same conditions: nothing to write").isEqualTo(first);

    List<NamespaceCondition> done = NamespaceConditions.compute(NamespaceContent.EMPTY, again, "t3");
    assertThat(done).filteredOn(x -> x.getType().equals("NamespaceContentRemaining"))
        .extracting(NamespaceCondition::getLastTransitionTime).containsExactly("t3");
    assertThat(done).filteredOn(x -> x.getType().equals("NamespaceDeletionDiscoveryFailure"))
        .extracting(NamespaceCondition::getLastTransitionTime).containsExactly("t1");
  }
}
