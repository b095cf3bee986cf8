package io.canarykit.testkit.simulation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryWebhook;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Where a scenario and a canary meet: every metric and webhook the scenario scripts must be one the
 * canary has. Unscripted names fall back to "passes" and "approves", so a misspelt one
 * ({@code error_rate} for {@code error-rate}) would turn a rollback scenario into a green promotion.
 */
final class ScenarioNames {

    private ScenarioNames() {
    }

    static void check(Scenario scenario, Canary canary) {
        Set<String> metrics = new LinkedHashSet<>();
        canary.analysis().metrics().stream().map(CanaryMetric::name).forEach(metrics::add);
        Set<String> webhooks = new LinkedHashSet<>();
        canary.analysis().webhooks().stream().map(CanaryWebhook::name).forEach(webhooks::add);
        String name = canary.name() + "." + canary.namespace();
        for (String metric : scenario.metrics().keySet()) {
            if (!metrics.contains(metric)) {
                throw new IllegalArgumentException("scenario metric \"" + metric + "\" is not a metric of canary " + name + " "
                        + KnownNames.hint(metric, metrics));
            }
        }
        for (String webhook : scenario.webhooks().keySet()) {
            if (!webhooks.contains(webhook)) {
                throw new IllegalArgumentException("scenario webhook \"" + webhook + "\" is not a webhook of canary " + name + " "
                        + KnownNames.hint(webhook, webhooks));
            }
        }
    }
}
