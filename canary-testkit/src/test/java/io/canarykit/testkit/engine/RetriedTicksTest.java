package io.canarykit.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.Routes;
import io.canarykit.core.engine.TickResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ticks that come early or repeat one whose status write was lost — the scheduler's retry, a
 * restarted controller — take no step twice: the engine reads what it committed from the status.
 */
class RetriedTicksTest {

    private static EngineHarness atWeight10() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.threshold = 3;
        a.stepWeight = 10;
        a.maxWeight = 30;
        a.metrics.add(new CanaryMetric("errors", null, null, ThresholdRange.max(1), "errors", null, Map.of()));
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.prometheus.values("errors", 0.5);
        h.ticks(2); // detection, then the pre-rollout tick (weight 10, no metrics)
        assertThat(h.router.current()).isEqualTo(Routes.canaryWeight(10));
        return h;
    }

    @Test
    void aTickBeforeTheNextAnalysisIsDueIsHeldAndAsksForTheRestOfTheInterval() {
        EngineHarness h = atWeight10();
        Instant analysedAt = h.canary.status().lastAnalysisAt();
        int queries = h.prometheus.queries().size();
        h.clock.set(analysedAt.plusSeconds(10));

        TickResult early = h.engine.tick(h.canary);

        assertThat(early.checks()).as("no checks").isEmpty();
        assertThat(h.prometheus.queries()).hasSize(queries);
        assertThat(early.appliedRoutes()).as("no step").isEmpty();
        assertThat(early.statusChanged()).isFalse();
        assertThat(early.rescheduleAfter()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void aRouteAheadOfItsLostStatusWriteIsReappliedNotSteppedOn() {
        EngineHarness h = atWeight10();
        Canary beforeStep = h.canary;
        h.tick(); // steps to 20 ...
        assertThat(h.router.current()).isEqualTo(Routes.canaryWeight(20));
        h.canary = beforeStep; // ... but its status write is lost: the store still says 10
        h.events.clear();

        h.tick();

        assertThat(h.router.canaryWeights()).as("20 re-applied, not 30").containsExactly(10, 20, 20);
        assertThat(h.canary.status().canaryWeight()).isEqualTo(20);
        assertThat(h.events.messages()).as("the step is not announced twice").noneMatch(m -> m.startsWith("Advance"))
                .anyMatch(m -> m.startsWith("Re-applied canary weight 20"));
        h.tick();
        assertThat(h.router.current()).isEqualTo(Routes.canaryWeight(30));
    }

    @Test
    void aRouteSentBackToThePrimaryByARollbackWhoseStatusWasLostIsNeverRaisedAgain() {
        EngineHarness h = atWeight10();
        h.prometheus.values("errors", 20);
        h.ticks(2); // two failed checks of three
        assertThat(h.canary.status().failedChecks()).isEqualTo(2);
        h.router.setRoutes(h.canary, Routes.PRIMARY_ONLY); // the rollback's route write, its status lost

        h.tick();

        assertThat(h.router.canaryWeights()).as("no traffic back to the failing canary").containsExactly(10, 0, 0);
        assertThat(h.canary.status().phase()).isEqualTo(CanaryPhase.FAILED);
    }
}
