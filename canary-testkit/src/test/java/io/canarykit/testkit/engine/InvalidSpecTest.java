package io.canarykit.testkit.engine;

import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryCondition;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.ThresholdRange;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine never acts on a spec the validator rejects: it says why in the status and waits for a fix. */
class InvalidSpecTest {

    private static final String VACUOUS = "The canary spec is invalid, nothing is done until it is fixed: "
            + "spec.analysis.metrics[0].thresholdRange: must set min or max: an empty range lets every value pass, so the "
            + "check can never fail";

    @Test
    void aCheckThatCanNeverFailStopsTheCanaryBeforeItIsInitialized() {
        EngineHarness h = new EngineHarness(withRequestDuration(new ThresholdRange(null, null)));

        h.tick();
        h.tick();

        assertThat(h.phase()).isNull();
        assertThat(h.router.reconciles()).isZero();
        assertThat(h.target.initializations()).isZero();
        assertThat(h.events.warnings()).as("one event, not one per tick").containsExactly(VACUOUS);
        assertThat(h.canary.status().condition("InvalidSpec")).hasValueSatisfying(c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(c.reason()).isEqualTo("InvalidSpec");
            assertThat(c.message()).isEqualTo(VACUOUS);
        });
        assertThat(h.results.get(1).statusChanged()).isFalse();
    }

    @Test
    void aRunningCanaryHoldsItsTrafficWhileItsSpecIsInvalidAndResumesOnceFixed() {
        Canary valid = withRequestDuration(ThresholdRange.max(500));
        EngineHarness h = new EngineHarness(valid).initializedWithNewRevision();
        h.prometheus.values(Canaries.DURATION_QUERY, 0.1);
        h.ticks(3);
        assertThat(h.phase()).isEqualTo(PROGRESSING);
        int weight = h.router.current().canaryWeight();
        int routeWrites = h.router.history().size();

        h.canary = withRequestDuration(null).withStatus(h.canary.status());
        h.ticks(5);

        assertThat(h.phase()).isEqualTo(PROGRESSING);
        assertThat(h.router.current().canaryWeight()).isEqualTo(weight);
        assertThat(h.router.history()).hasSize(routeWrites);
        assertThat(h.canary.status().condition("InvalidSpec")).map(CanaryCondition::message).hasValueSatisfying(
                m -> assertThat(m).contains("spec.analysis.metrics[0].thresholdRange: is required"));

        h.canary = valid.withStatus(h.canary.status());
        h.runToEnd(30);

        assertThat(h.phase()).isEqualTo(SUCCEEDED);
        assertThat(h.canary.status().condition("InvalidSpec")).isEmpty();
    }

    private static Canary withRequestDuration(ThresholdRange range) {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.threshold = 2;
        a.stepWeight = 10;
        a.maxWeight = 30;
        a.metrics.add(new CanaryMetric("request-duration", "1m", null, range, null, null, Map.of()));
        return a.build();
    }
}
