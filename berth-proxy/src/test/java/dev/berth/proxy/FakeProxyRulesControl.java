package dev.berth.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Records the plans applied; {@link #failBinding} makes a frontend fail to open until cleared. */
final class FakeProxyRulesControl implements ProxyRulesControl {
  final List<ProxyPlan> applied = new ArrayList<>();
  private Set<Frontend> unbindable = Set.of();

  void failBinding(Set<Frontend> frontends) {
    unbindable = Set.copyOf(frontends);
  }

  @Override
  public Map<Frontend, String> apply(ProxyPlan plan) {
    applied.add(plan);
    Map<Frontend, String> failures = new TreeMap<>();
    plan.frontends().keySet().stream().filter(unbindable::contains).forEach(f -> failures.put(f, "Address already in use"));
    return failures;
  }

  /** The frontends of the last plan. */
  Set<Frontend> listening() {
    return applied.isEmpty() ? Set.of() : applied.getLast().frontends().keySet();
  }
}
