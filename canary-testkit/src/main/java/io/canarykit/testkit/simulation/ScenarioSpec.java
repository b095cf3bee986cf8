package io.canarykit.testkit.simulation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanarySpec;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The spec fields a scenario sets per tick ({@code skipAnalysis}, {@code suspend}), as a user
 * editing the Canary between two ticks would. Fields the scenario does not script keep the canary's value.
 */
final class ScenarioSpec {

    private ScenarioSpec() {
    }

    static Canary apply(Canary canary, Scenario scenario, int tick) {
        CanarySpec s = canary.spec();
        @Nullable Boolean skipAnalysis = scripted(scenario.skipAnalysis(), tick, s.skipAnalysis());
        @Nullable Boolean suspend = scripted(scenario.suspend(), tick, s.suspend());
        if (Objects.equals(skipAnalysis, s.skipAnalysis()) && Objects.equals(suspend, s.suspend())) {
            return canary;
        }
        return canary.withSpec(new CanarySpec(s.provider(), s.metricsServer(), s.targetRef(), s.autoscalerRef(), s.ingressRef(),
                s.routeRef(), s.upstreamRef(), s.service(), s.analysis(), s.canaryAnalysis(), s.progressDeadlineSeconds(),
                skipAnalysis, s.revertOnDeletion(), suspend));
    }

    private static @Nullable Boolean scripted(List<Boolean> perTick, int tick, @Nullable Boolean current) {
        return perTick.isEmpty() ? current : Scenario.at(perTick, tick);
    }
}
