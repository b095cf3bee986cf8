package io.canarykit.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.Notifier;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.WebhookClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each tick picks one strategy from the analysis it would run (the kubernetes provider's differs from the manifest's). */
class StrategiesTest {

    private static Canary canary(@Nullable String provider, @Nullable Integer iterations, @Nullable Boolean mirror, boolean match) {
        List<HttpMatchRequest> matches = match ? List.of(new HttpMatchRequest("canary", null, null, null, null, Map.of(), null, Map.of(), List.of(), Map.of(), null,
                Map.of(), null)) : List.of();
        CanaryAnalysis analysis = new CanaryAnalysis("1m", iterations, mirror, null, 50, 10, null, null, 1, null, null, List.of(),
                List.of(), List.of(), matches, null, null);
        return Canary.of(ObjectMeta.of("prod", "web"), new CanarySpec(provider, null,
                new LocalObjectReference("apps/v1", "Deployment", "web"), null, null, null, null, CanaryService.ofPort(80),
                analysis, null, null, null, null, null));
    }

    @ParameterizedTest(name = "provider={0} iterations={1} mirror={2} match={3} → {4}")
    @CsvSource(nullValues = "-", value = {
        "-, -, -, false, ProgressiveCanary",
        "-, -, true, false, ProgressiveCanary",
        "-, 5, -, false, BlueGreen",
        "-, 5, true, false, BlueGreenMirroring",
        "-, 5, -, true, AbTesting",
        "-, -, -, true, ProgressiveCanary",
        "kubernetes, -, -, false, BlueGreen",
        "kubernetes, 5, true, false, BlueGreen",
        "kubernetes, 5, -, true, BlueGreen"})
    void picksOneStrategyPerTick(@Nullable String provider, @Nullable Integer iterations, @Nullable Boolean mirror, boolean match,
            String expected) {
        TickReporter report = new TickReporter(EventSink.NOOP, Notifier.NOOP, new WebhookGates(WebhookClient.APPROVE_ALL));
        RouteWriter routes = new RouteWriter(null);
        WebhookGates gates = new WebhookGates(WebhookClient.APPROVE_ALL);
        Strategies strategies = new Strategies(report, new Approvals(gates, report),
                new Rollouts(TargetController.NOOP, report, gates, routes), routes);
        TickContext t = new TickContext(canary(provider, iterations, mirror, match), Instant.parse("2026-01-01T00:00:00Z"));
        t.provider = provider == null ? CanaryEngine.DEFAULT_PROVIDER : provider;

        CanaryAnalysis effective = strategies.effectiveAnalysis(t);
        Strategy chosen = strategies.choose(t, effective);

        assertThat(chosen.getClass().getSimpleName()).isEqualTo(expected);
        if (CanaryEngine.KUBERNETES_PROVIDER.equals(provider)) {
            assertThat(effective.iterationsOrZero()).isEqualTo(iterations == null ? 10 : iterations);
            assertThat(effective.match()).isEmpty();
        }
    }
}
