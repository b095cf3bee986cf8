package io.canarykit.testkit.engine;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.api.model.CanaryPhase.WAITING;
import static io.canarykit.api.model.CanaryPhase.WAITING_PROMOTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.model.MetricCheckStatus;
import io.canarykit.api.spi.Routes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code canary promote / abort / retry}: a command annotation is carried out once, its nonce
 * recorded in the status with an event, whatever the phase.
 */
class CommandsTest {

    private static EngineHarness progressing(String... hook) {
        Canaries.Analysis a = Canaries.reference();
        if (hook.length == 2) {
            a.hook(hook[0], hook[1]);
        }
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5).values(Canaries.DURATION_QUERY, 0.1);
        return h;
    }

    private static void command(EngineHarness h, String verb, String id) {
        h.canary = h.canary.withMetadata(h.canary.metadata().withAnnotations(
                Map.of(CanaryCommand.ANNOTATION, verb, CanaryCommand.ID_ANNOTATION, id)));
    }

    @Test
    void abortRollsBackAtOnceAndOnlyOnce() {
        EngineHarness h = progressing();
        h.ticks(3);
        assertThat(h.router.current()).isEqualTo(Routes.canaryWeight(20));

        command(h, "abort", "n-1");
        h.tick();

        assertThat(h.phase()).isEqualTo(FAILED);
        assertThat(h.router.current()).isEqualTo(Routes.PRIMARY_ONLY);
        assertThat(h.canary.status().lastCommandId()).isEqualTo("n-1");
        assertThat(h.events.warnings()).contains("Rolling back web.prod aborted by canary abort (n-1)");
        assertThat(h.notifier.messages()).contains("Rolling back: aborted by canary abort (n-1)");
        assertThat(h.target.promotions()).isZero();

        h.events.clear();
        h.ticks(2);
        assertThat(h.events.messages()).as("the same nonce is not carried out twice").isEmpty();
    }

    @Test
    void promoteSkipsTheRemainingStepsOnThePassingAnalysis() {
        EngineHarness h = progressing();
        h.ticks(2);
        assertThat(h.router.current()).isEqualTo(Routes.canaryWeight(10));

        command(h, "promote", "n-2");
        h.tick();

        assertThat(h.phase()).isEqualTo(PROMOTING);
        assertThat(h.target.promotions()).isEqualTo(1);
        assertThat(h.canary.status().lastCommandId()).isEqualTo("n-2");
        assertThat(h.events.messages()).contains("Promoting web.prod: remaining steps skipped by canary promote (n-2)");
        assertThat(h.runToEnd(5)).last().isEqualTo(SUCCEEDED);
        assertThat(h.router.current()).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    void promoteWaitsForMetricEvidenceAndAFailingCheckDoesNotPromote() {
        EngineHarness h = progressing();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 9, 0.5);
        h.tick();
        assertThat(h.phase()).isEqualTo(PROGRESSING);
        command(h, "promote", "n-3");

        h.tick();
        assertThat(h.phase()).as("the first analysis tick runs pre-rollout hooks only: no metric evidence yet").isEqualTo(PROGRESSING);
        assertThat(h.canary.status().lastCommandId()).isNull();
        h.tick();
        assertThat(h.phase()).as("a failing check is counted, not overruled").isEqualTo(PROGRESSING);
        assertThat(h.canary.status().failedChecks()).isEqualTo(1);
        assertThat(h.target.promotions()).isZero();

        h.tick();
        assertThat(h.phase()).isEqualTo(PROMOTING);
        assertThat(h.canary.status().lastCommandId()).isEqualTo("n-3");
    }

    @Test
    void promoteApprovesAClosedConfirmPromotionGate() {
        EngineHarness h = progressing("confirm-promotion", "approve-promotion");
        h.webhooks.respond("approve-promotion", 403);
        h.ticks(7);
        assertThat(h.phase()).isEqualTo(WAITING_PROMOTION);

        command(h, "promote", "n-4");
        h.tick();

        assertThat(h.phase()).isEqualTo(PROMOTING);
        assertThat(h.canary.status().lastCommandId()).isEqualTo("n-4");
    }

    @Test
    void promoteApprovesAClosedConfirmRolloutGate() {
        EngineHarness h = progressing("confirm-rollout", "approve-rollout");
        h.webhooks.respond("approve-rollout", 403);
        h.ticks(2);
        assertThat(h.phase()).isEqualTo(WAITING);

        command(h, "promote", "n-5");
        h.tick();

        assertThat(h.phase()).isEqualTo(PROGRESSING);
        assertThat(h.events.messages()).contains("Rollout of web.prod approved by canary promote (n-5)");
        assertThat(h.canary.status().lastCommandId()).isEqualTo("n-5");
    }

    @Test
    void promoteFullPromotesNowWithoutAnalysis() {
        EngineHarness h = progressing();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 9);
        h.tick();

        command(h, "promote-full", "n-6");
        h.tick();

        assertThat(h.phase()).isEqualTo(PROMOTING);
        assertThat(h.events.messages()).contains("Promoting web.prod now, requested by canary promote --full (n-6)");
    }

    @Test
    void retryRunsAFailedRevisionAgain() {
        EngineHarness h = progressing();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 9);
        assertThat(h.runToEnd(10)).last().isEqualTo(FAILED);
        h.ticks(2);
        assertThat(h.phase()).as("a failed revision is not retried on its own").isEqualTo(FAILED);

        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5);
        command(h, "retry", "n-7");
        h.tick();

        assertThat(h.phase()).isEqualTo(PROGRESSING);
        assertThat(h.events.messages()).contains("Retrying the analysis of web.prod requested by canary retry (n-7)");
        assertThat(h.runToEnd(20)).last().isEqualTo(SUCCEEDED);
    }

    @Test
    void commandsThatDoNotFitThePhaseOrAreUnknownAreRecordedAndReported() {
        EngineHarness h = progressing();
        command(h, "promote", "n-0");
        h.tick();
        assertThat(h.events.warnings()).as("a new revision is not analysed yet: nothing to promote")
                .contains("Ignoring canary promote (n-0) on web.prod: the canary is Initialized, not waiting or analysing");
        command(h, "retry", "n-8");
        h.tick();
        assertThat(h.events.warnings()).contains("Ignoring canary retry (n-8) on web.prod: the canary is Progressing, not waiting or analysing");
        assertThat(h.canary.status().lastCommandId()).isEqualTo("n-8");

        command(h, "rollback", "n-9");
        h.tick();
        assertThat(h.events.warnings()).contains(
                "Ignoring command \"rollback\" (n-9) on web.prod: expected one of [promote, promote-full, abort, retry]");
        assertThat(h.phase()).isEqualTo(PROGRESSING);
    }

    @Test
    void abortWorksOnASuspendedCanary() {
        EngineHarness h = progressing();
        h.ticks(3);
        h.canary = h.canary.withSpec(h.canary.spec().withSuspend(true));
        h.tick();
        assertThat(h.phase()).isEqualTo(PROGRESSING);

        command(h, "abort", "n-10");
        h.tick();

        assertThat(h.phase()).isEqualTo(FAILED);
    }

    @Test
    void theStatusKeepsTheLastValueAndVerdictOfEveryMetric() {
        EngineHarness h = progressing();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5, 7);
        h.ticks(3);

        assertThat(h.canary.status().lastChecks()).extracting(MetricCheckStatus::name, MetricCheckStatus::verdict,
                MetricCheckStatus::value).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("request-duration", "pass", 100.0),
                        org.assertj.core.groups.Tuple.tuple("error-rate", "pass", 0.5));
        h.tick();
        assertThat(h.canary.status().lastChecks()).filteredOn(c -> c.name().equals("error-rate"))
                .extracting(MetricCheckStatus::verdict, MetricCheckStatus::value, MetricCheckStatus::max)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fail", 7.0, 1.0));
    }
}
