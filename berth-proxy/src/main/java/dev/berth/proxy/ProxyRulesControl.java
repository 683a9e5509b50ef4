package dev.berth.proxy;

import java.util.Map;

/**
 * The side effects of the proxy: make the open listeners match a {@link ProxyPlan}. The
 * production implementation is {@link NettyServiceProxy}.
 */
public interface ProxyRulesControl {
  /**
   * Opens listeners for new frontends, points existing ones at their new rules (new connections
   * only; established ones are left alone to drain) and closes those no longer planned.
   * Idempotent.
   *
   * @return frontends that could not be opened, with the reason (e.g. address in use); they are
   *     tried again on the next call
   */
  Map<Frontend, String> apply(ProxyPlan plan);
}
