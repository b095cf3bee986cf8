package io.canarykit.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricCheckStatus;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.testkit.simulation.Tick;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusTickTest {

    private static final Instant START = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void aStatusBecomesATickWithItsPhaseWeightCountsAndChecks() {
        Canary canary = Canaries.web().withStatus(Canaries.status(CanaryPhase.PROGRESSING, 30, 1, START, START.plusSeconds(90), 2.5)
                .toBuilder().iterations(3).build());

        Tick tick = StatusTick.of(canary, 4, Duration.ofSeconds(90)).orElseThrow();

        assertThat(tick.index()).isEqualTo(4);
        assertThat(tick.at()).isEqualTo(Duration.ofSeconds(90));
        assertThat(tick.phase()).isEqualTo(CanaryPhase.PROGRESSING);
        assertThat(tick.canaryWeight()).isEqualTo(30);
        assertThat(tick.primaryWeight()).isEqualTo(70);
        assertThat(tick.failedChecks()).isEqualTo(1);
        assertThat(tick.iterations()).isEqualTo(3);
        assertThat(tick.checks()).extracting(CheckResult::metric).containsExactly("request-success-rate", "error-rate");
        CheckResult errors = tick.check("error-rate").orElseThrow();
        assertThat(errors.value()).isEqualTo(2.5);
        assertThat(errors.max()).isEqualTo(1.0);
        assertThat(errors.min()).isNull();
        assertThat(errors.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(tick.failedCheck()).contains(errors);
        assertThat(tick.check("request-success-rate").orElseThrow().passed()).isTrue();
    }

    @Test
    void aStatusWithoutAPhaseIsNoTick() {
        assertThat(StatusTick.of(Canaries.web(), 1, Duration.ZERO)).isEmpty();
    }

    @Test
    void everyVerdictOfTheStatusMapsToTheEnginesAndAnUnknownOneToAnError() {
        assertThat(StatusTick.check(check("no-data", null)).verdict()).isEqualTo(Verdict.NO_DATA);
        assertThat(StatusTick.check(check("insufficient-data", 3.0)).verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(StatusTick.check(check("error", null)).verdict()).isEqualTo(Verdict.ERROR);
        CheckResult unknown = StatusTick.check(check("inconclusive", 1.0));
        assertThat(unknown.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(unknown.message()).isEqualTo("unknown verdict inconclusive");
        assertThat(StatusTick.check(check("pass", 1.0)).message()).isEmpty();
    }

    @Test
    void theTickTimeIsTheLastAnalysisElseTheLastTransitionElseWhenSeen() {
        Instant seen = START.plusSeconds(500);
        Canary analysed = Canaries.web().withStatus(Canaries.status(CanaryPhase.PROGRESSING, 10, 0, START, START.plusSeconds(60), 0));
        assertThat(StatusTick.time(analysed, seen)).isEqualTo(START.plusSeconds(60));

        Canary transitioned = Canaries.web().withStatus(CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.SUCCEEDED)
                .lastTransitionTime(START.plusSeconds(120)).build());
        assertThat(StatusTick.time(transitioned, seen)).isEqualTo(START.plusSeconds(120));

        Canary bare = Canaries.web().withStatus(CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.PROGRESSING).build());
        assertThat(StatusTick.time(bare, seen)).isEqualTo(seen);
    }

    @Test
    void aWeightOutsideZeroToHundredIsClampedForTheChart() {
        Canary odd = Canaries.web().withStatus(CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.PROGRESSING).canaryWeight(120).build());
        assertThat(StatusTick.of(odd, 1, Duration.ZERO).orElseThrow().canaryWeight()).isEqualTo(100);
    }

    private static MetricCheckStatus check(String verdict, Double value) {
        return new MetricCheckStatus("m", verdict, value, null, 1.0, START);
    }
}
