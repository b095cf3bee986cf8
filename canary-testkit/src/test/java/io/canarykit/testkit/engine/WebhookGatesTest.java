package io.canarykit.testkit.engine;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.api.model.CanaryPhase.WAITING;
import static io.canarykit.api.model.CanaryPhase.WAITING_PROMOTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Routes;
import org.junit.jupiter.api.Test;

/** Each webhook type's gate: what a denial holds, what it counts, what it triggers. */
class WebhookGatesTest {

    private static EngineHarness harness(String type, String hook) {
        Canaries.Analysis a = Canaries.reference();
        a.hook(type, hook);
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5).values(Canaries.DURATION_QUERY, 0.1);
        return h;
    }

    @Test
    void deniedConfirmRolloutWaitsWithoutCountingAFailure() {
        EngineHarness h = harness("confirm-rollout", "approve-rollout");
        h.webhooks.respond("approve-rollout", 403, 403, 200);

        assertThat(h.ticks(3)).containsExactly(WAITING, WAITING, PROGRESSING);
        assertThat(h.canary.status().failedChecks()).isZero();
        assertThat(h.events.warnings()).containsExactly("Halt web.prod advancement waiting for approval approve-rollout");
        assertThat(h.notifier.messages()).contains("Canary is waiting for approval.");
        assertThat(h.webhooks.calls().get(0).payload().phase()).isEqualTo("Initialized");
        assertThat(h.webhooks.calls().get(1).payload().phase()).isEqualTo("Waiting");
    }

    @Test
    void deniedTrafficIncreaseHoldsTheWeightEveryTick() {
        EngineHarness h = harness("confirm-traffic-increase", "more-traffic");
        h.webhooks.respond("more-traffic", 200, 200, 403, 403, 200);

        h.ticks(6);

        assertThat(h.router.canaryWeights()).containsExactly(10, 20, 30);
        assertThat(h.canary.status().failedChecks()).isZero();
        assertThat(h.events.warnings()).containsExactly(
                "Halt web.prod advancement waiting for traffic increase approval more-traffic",
                "Halt web.prod advancement waiting for traffic increase approval more-traffic");
    }

    @Test
    void deniedPromotionWaitsWhileTheAnalysisGoesOnAndFailingMetricsRollBack() {
        EngineHarness h = harness("confirm-promotion", "approve-promotion");
        h.webhooks.respond("approve-promotion", 403);
        h.prometheus.values(Canaries.ERROR_RATE_QUERY, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 9);

        assertThat(h.ticks(7)).containsExactly(PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING, PROGRESSING,
                WAITING_PROMOTION);
        assertThat(h.ticks(2)).containsExactly(WAITING_PROMOTION, WAITING_PROMOTION);
        assertThat(h.events.warnings()).containsOnlyOnce("Halt web.prod advancement waiting for promotion approval approve-promotion");
        assertThat(h.router.current()).isEqualTo(Routes.canaryWeight(50));

        assertThat(h.runToEnd(5)).last().isEqualTo(FAILED);
        assertThat(h.target.promotions()).isZero();
    }

    @Test
    void approvedPromotionAfterWaitingPromotes() {
        EngineHarness h = harness("confirm-promotion", "approve-promotion");
        h.webhooks.respond("approve-promotion", 403, 403, 200);

        assertThat(h.runToEnd(20)).contains(WAITING_PROMOTION).last().isEqualTo(SUCCEEDED);
        assertThat(h.events.messages()).contains("Confirm-promotion check approve-promotion passed");
    }

    @Test
    void theKubernetesProviderWaitsForPromotionOnItsDefaultTenIterations() {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.provider = "kubernetes";
        a.hook("confirm-promotion", "approve-promotion");
        EngineHarness h = new EngineHarness(a.build(), io.canarykit.core.engine.CanaryEngine.builder()
                .trafficRouter("kubernetes", io.canarykit.api.spi.TrafficRouter.NOOP)).initializedWithNewRevision();
        h.webhooks.respond("approve-promotion", 403, 403, 403, 200);

        for (int i = 0; i < 20 && h.phase() != WAITING_PROMOTION; i++) {
            h.tick();
        }
        assertThat(h.phase()).isEqualTo(WAITING_PROMOTION);
        // Parked one short of the ten iterations the provider runs, not of the manifest's zero.
        assertThat(h.canary.status().iterations()).isEqualTo(9);
        h.tick();
        // While it waits, blue/green re-runs its last iteration and asks again (Flagger's behaviour).
        assertThat(h.canary.status().phase()).isEqualTo(WAITING_PROMOTION);
        assertThat(h.canary.status().iterations()).isEqualTo(10);

        assertThat(h.runToEnd(10)).last().isEqualTo(SUCCEEDED);
        assertThat(h.events.messages()).contains("Confirm-promotion check approve-promotion passed");
        // The wait resumes the run; it does not restart the ten iterations.
        assertThat(h.events.messages().stream().filter(m -> m.startsWith("Advance web.prod canary iteration 1/10")).count())
                .isEqualTo(1);
    }

    @Test
    void aFailingPreRolloutHookCountsAFailedCheck() {
        EngineHarness h = harness("pre-rollout", "smoke");
        h.webhooks.respond("smoke", 500, 200);

        h.ticks(2);

        assertThat(h.canary.status().failedChecks()).isEqualTo(1);
        assertThat(h.router.history()).isEmpty();
        assertThat(h.events.warnings()).containsExactly("Halt web.prod advancement pre-rollout check smoke failed scripted status 500");
        h.tick();
        assertThat(h.router.canaryWeights()).containsExactly(10);
        assertThat(h.events.messages()).contains("Pre-rollout check smoke passed");
    }

    @Test
    void aFailingRolloutHookCountsAFailedCheckAndSkipsTheMetrics() {
        EngineHarness h = harness("rollout", "acceptance");
        h.webhooks.respond("acceptance", 200, 500);

        h.ticks(5);

        assertThat(h.canary.status().failedChecks()).isEqualTo(2);
        assertThat(h.events.warnings()).contains("Halt web.prod advancement external check acceptance failed scripted status 500");
        // Metrics ran once (the one tick whose hooks passed): two queries.
        assertThat(h.prometheus.queries()).hasSize(2);
    }

    @Test
    void aRollbackHookThatAnswersSuccessRollsBack() {
        EngineHarness h = harness("rollback", "big-red-button");
        h.webhooks.respond("big-red-button", 404, 404, 200);

        assertThat(h.runToEnd(10)).last().isEqualTo(FAILED);
        assertThat(h.events.messages()).contains("Rollback hook big-red-button not signaling a rollback",
                "Rollback check big-red-button passed", "Rolling back web.prod manual webhook invoked");
        assertThat(h.router.current()).isEqualTo(Routes.PRIMARY_ONLY);
        assertThat(h.notifier.messages()).contains("Rolling back manual webhook invoked");
    }

    @Test
    void aFailingPostRolloutHookIsOnlyReported() {
        EngineHarness h = harness("post-rollout", "notify-release");
        h.webhooks.respond("notify-release", 500);

        assertThat(h.runToEnd(20)).last().isEqualTo(SUCCEEDED);
        assertThat(h.events.warnings()).containsExactly("Post-rollout hook notify-release failed scripted status 500");
        assertThat(h.webhooks.calls()).filteredOn(c -> c.hook().equals("notify-release")).singleElement()
                .satisfies(c -> assertThat(c.payload().phase()).isEqualTo("Succeeded"));
    }

    @Test
    void webhookPayloadCarriesTheCanaryPhaseChecksumAndMetadata() {
        EngineHarness h = harness("pre-rollout", "smoke");
        h.ticks(2);

        var call = h.webhooks.calls().stream().filter(c -> c.hook().equals("smoke")).findFirst().orElseThrow();
        assertThat(call.payload().name()).isEqualTo("web");
        assertThat(call.payload().namespace()).isEqualTo("prod");
        assertThat(call.payload().phase()).isEqualTo(CanaryPhase.PROGRESSING.wireName());
        assertThat(call.payload().checksum()).hasSize(16);
    }

    @Test
    void eventWebhooksHearEveryEvent() {
        EngineHarness h = harness("event", "audit");
        h.ticks(2);

        var audit = h.webhooks.calls().stream().filter(c -> c.hook().equals("audit")).toList();
        assertThat(audit).extracting(c -> c.payload().metadata().get("eventMessage"))
                .containsExactly("all the metrics providers are available!", "Initialization done! web.prod",
                        "New revision detected! Scaling up web.prod", "Starting canary analysis for web.prod",
                        "Advance web.prod canary weight 10");
        assertThat(audit.get(0).payload().metadata()).containsEntry("eventType", "Normal").containsKey("timestamp");
    }
}
