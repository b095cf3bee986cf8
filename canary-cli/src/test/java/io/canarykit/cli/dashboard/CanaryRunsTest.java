package io.canarykit.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.testkit.simulation.Tick;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CanaryRunsTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");
    private final CanaryRuns runs = new CanaryRuns();
    private final Canary web = Canaries.web();

    private boolean see(CanaryPhase phase, int weight, int failed, Instant start, long atSecond) {
        return runs.observe(web.withStatus(Canaries.status(phase, weight, failed, start, start.plusSeconds(atSecond), failed > 0 ? 2 : 0)),
                START.plusSeconds(9999));
    }

    @Test
    void eachStatusChangeOfARunIsATickAtItsOffsetFromTheAnalysisStart() {
        see(CanaryPhase.PROGRESSING, 10, 0, START, 60);
        see(CanaryPhase.PROGRESSING, 20, 1, START, 120);
        see(CanaryPhase.PROGRESSING, 30, 0, START, 180);

        Run run = runs.shown().orElseThrow();
        assertThat(run.ended()).isFalse();
        assertThat(run.start()).isEqualTo(START);
        assertThat(run.ticks()).extracting(Tick::canaryWeight).containsExactly(10, 20, 30);
        assertThat(run.ticks()).extracting(Tick::at).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(180));
        assertThat(run.ticks()).extracting(Tick::index).containsExactly(1, 2, 3);
        assertThat(run.timeline().metricNames()).containsExactly("request-success-rate", "error-rate");
        assertThat(run.timeline().failedChecks()).hasSize(1);
    }

    @Test
    void theSameStatusAgainIsNoTick() {
        assertThat(see(CanaryPhase.PROGRESSING, 10, 0, START, 60)).isTrue();
        assertThat(see(CanaryPhase.PROGRESSING, 10, 0, START, 60)).as("only metadata changed").isFalse();
        assertThat(runs.shown().orElseThrow().ticks()).hasSize(1);
    }

    @Test
    void aFinalPhaseEndsTheRunWhichStaysShownAsTheLastOne() {
        see(CanaryPhase.PROGRESSING, 10, 0, START, 60);
        see(CanaryPhase.SUCCEEDED, 0, 0, START, 120);

        Run last = runs.shown().orElseThrow();
        assertThat(last.ended()).isTrue();
        assertThat(last.timeline().result()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(runs.history()).containsExactly(last);
        assertThat(see(CanaryPhase.SUCCEEDED, 0, 0, START, 130)).as("no run under way").isFalse();
    }

    @Test
    void aNewRunKeepsThePreviousOneAsTheLastAndDropsOlderOnes() {
        Instant second = START.plusSeconds(3600);
        Instant third = START.plusSeconds(7200);
        see(CanaryPhase.PROGRESSING, 10, 0, START, 60);
        see(CanaryPhase.FAILED, 0, 3, START, 120);
        see(CanaryPhase.PROGRESSING, 10, 0, second, 60);
        // A newer revision restarts the analysis before the second run ended.
        see(CanaryPhase.PROGRESSING, 20, 0, second, 120);
        see(CanaryPhase.PROGRESSING, 10, 0, third, 60);

        assertThat(runs.history()).extracting(Run::start).containsExactly(third, second);
        assertThat(runs.history().get(0).ended()).isFalse();
        assertThat(runs.history().get(1).ended()).isTrue();
        assertThat(runs.history().get(1).ticks()).hasSize(2);
    }

    @Test
    void phasesBeforeARunAreNoTicksAndAStartWithoutAnalysisStartIsTheFirstProgressingSeen() {
        Instant seen = START.plusSeconds(42);
        assertThat(runs.observe(web.withStatus(CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.WAITING).build()), seen)).isFalse();
        assertThat(runs.shown()).isEmpty();

        assertThat(runs.observe(web.withStatus(CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.PROGRESSING).canaryWeight(5).build()), seen))
                .isTrue();
        assertThat(runs.shown().orElseThrow().start()).isEqualTo(seen);
        assertThat(runs.shown().orElseThrow().ticks().get(0).at()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aRunAlreadyOverWhenTheDashboardStartsIsShownFromItsFinalStatus() {
        see(CanaryPhase.FAILED, 0, 3, START, 300);

        Run last = runs.shown().orElseThrow();
        assertThat(last.ended()).isTrue();
        assertThat(last.ticks()).singleElement().satisfies(t -> assertThat(t.phase()).isEqualTo(CanaryPhase.FAILED));
    }

    @Test
    void aStatusWithAnOlderTimestampIsNeverDrawnBeforeThePreviousTick() {
        see(CanaryPhase.PROGRESSING, 10, 0, START, 120);
        see(CanaryPhase.PROGRESSING, 20, 0, START, 60);

        assertThat(runs.shown().orElseThrow().ticks()).extracting(Tick::at).containsExactly(Duration.ofSeconds(120), Duration.ofSeconds(120));
    }
}
