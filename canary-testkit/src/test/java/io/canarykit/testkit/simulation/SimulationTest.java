package io.canarykit.testkit.simulation;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.FINALISING;
import static io.canarykit.api.model.CanaryPhase.INITIALIZED;
import static io.canarykit.api.model.CanaryPhase.PROGRESSING;
import static io.canarykit.api.model.CanaryPhase.PROMOTING;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static io.canarykit.api.model.CanaryPhase.WAITING_PROMOTION;
import static io.canarykit.testkit.simulation.SimulationAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.engine.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {

    static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");

    static Simulation reference() throws IOException {
        return Simulation.fromYaml(REFERENCE);
    }

    @Test
    void theReferenceCanaryPromotesThroughWeightsTenToFifty() throws IOException {
        Timeline timeline = reference().run();

        assertThat(timeline).endsIn(SUCCEEDED)
                .hasWeightSteps(10, 20, 30, 40, 50, 0)
                .hasPhases(PROGRESSING, PROMOTING, FINALISING, SUCCEEDED)
                .hasTickCount(9)
                .hasNoFailedChecks()
                .finishesWithin(Duration.ofMinutes(8));
        assertThat(timeline.ticks().get(0).at()).isZero();
        assertThat(timeline.ticks().get(3).at()).isEqualTo(Duration.ofMinutes(3));
        assertThat(timeline.ticks().get(3).canaryWeight()).isEqualTo(30);
        assertThat(timeline.ticks().get(3).primaryWeight()).isEqualTo(70);
        // A metric not named in the scenario passes with a value inside its range.
        assertThat(timeline.ticks().get(3).check("error-rate")).hasValueSatisfying(c -> {
            assertThat(c.value()).isEqualTo(0.5);
            assertThat(c.verdict()).isEqualTo(Verdict.PASS);
        });
        assertThat(timeline.ticks().get(3).check("request-duration")).hasValueSatisfying(c -> assertThat(c.value()).isEqualTo(250.0));
    }

    @Test
    void aBadErrorRateFromTheSecondCheckOnRollsBackAtTheThirdFailure() throws IOException {
        Timeline timeline = reference().run(Scenario.defaults().metric("error-rate", 0.5, 20));

        assertThat(timeline).endsIn(FAILED).hasWeights(10, 20, 20, 20).hasWeightsPerTick(0, 10, 20, 20, 20, 0)
                .hasFailedChecks("error-rate", 3).hasEventContaining("Rolling back web.prod failed checks threshold reached 3");
        assertThat(timeline.ticks()).extracting(Tick::failedChecks).containsExactly(0, 0, 0, 1, 2, 0);
        Tick last = timeline.ticks().get(5);
        assertThat(last.canaryWeight()).isZero();
        assertThat(last.primaryWeight()).isEqualTo(100);
        assertThat(last.failedCheck()).hasValueSatisfying(c -> assertThat(c.value()).isEqualTo(20.0));
    }

    @Test
    void noDataAndErrorsFailChecksAndSkippedMetricsKeepTheirNextValue() throws IOException {
        // error-rate is a template metric, evaluated after request-duration: while request-duration fails,
        // error-rate is not queried and does not consume its scripted values.
        Timeline timeline = reference().run(Scenario.defaults()
                .metric("request-duration", MetricAnswer.of(100), MetricAnswer.NO_DATA, MetricAnswer.ERROR, MetricAnswer.of(100))
                .metric("error-rate", 0.1, 0.2, 0.3));

        assertThat(timeline).hasCheck("request-duration", Verdict.NO_DATA).hasCheck("request-duration", Verdict.ERROR)
                .endsIn(SUCCEEDED);
        assertThat(timeline.checks("error-rate")).extracting(c -> c.value()).startsWith(0.1, 0.2, 0.3, 0.3);
    }

    @Test
    void webhookStatusesFollowTheScenarioByHookName() throws IOException {
        Timeline timeline = reference().run(Scenario.defaults().webhook("load-test", 200, 500, 200));

        assertThat(timeline).endsIn(SUCCEEDED).hasWeightSteps(10, 20, 30, 40, 50, 0);
        assertThat(timeline.ticks()).flatExtracting(Tick::webhooks).extracting(w -> w.status())
                .containsExactly(200, 500, 200, 200, 200, 200);
        assertThat(timeline.ticks().get(3).failedChecks()).isEqualTo(1);
    }

    @Test
    void aDeniedPromotionHoldsTheCanaryInWaitingPromotionUntilMaxTicks() throws IOException {
        Simulation gated = referenceWithHook("confirm-promotion", "approve-promotion");
        Timeline timeline = gated.run(Scenario.defaults().webhook("approve-promotion", 403).withMaxTicks(12));

        assertThat(timeline).endsIn(WAITING_PROMOTION).hasTickCount(12).neverExceedsWeight(50);
        assertThat(timeline.finished()).isFalse();
        Timeline approvedLater = gated.run(Scenario.defaults().webhook("approve-promotion", 403, 403, 200));
        assertThat(approvedLater).endsIn(SUCCEEDED).hasPhases(PROGRESSING, WAITING_PROMOTION, PROMOTING, FINALISING, SUCCEEDED);
    }

    @Test
    void canaryReadinessIsScriptedPerTick() throws IOException {
        Timeline timeline = reference().run(Scenario.defaults().canaryReady(true, true, false, false, true));

        assertThat(timeline).endsIn(SUCCEEDED).hasWeightsPerTick(0, 10, 10, 10, 20, 30, 40, 50, 50, 0, 0)
                .hasEventContaining("canary not ready (scenario)");
    }

    @Test
    void aPrimaryThatIsNeverReadyKeepsTheNewRevisionFromStarting() throws IOException {
        Timeline timeline = reference().run(Scenario.defaults().primaryReady(false).withMaxTicks(5));

        assertThat(timeline).endsIn(INITIALIZED).hasWeightsPerTick(0, 0, 0, 0, 0).hasEventContaining("primary not ready");
    }

    @Test
    void rejectsManifestsWithoutExactlyOneCanary() {
        assertThatThrownBy(() -> Simulation.fromManifests(List.of()))
                .isInstanceOf(InvalidCanarySpecException.class).hasMessageContaining("exactly one Canary, found 0");
    }

    @Test
    void aScenarioMetricTheCanaryDoesNotHaveIsRefusedWithTheClosestName() throws IOException {
        Simulation web = reference();

        assertThatThrownBy(() -> web.run(Scenario.defaults().metric("error_rate", 0.5, 20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scenario metric \"error_rate\" is not a metric of canary web.prod "
                        + "(did you mean \"error-rate\"? known: error-rate, request-duration)");
        assertThatThrownBy(() -> web.run(Scenario.defaults().metric("latency", 900)))
                .hasMessage("scenario metric \"latency\" is not a metric of canary web.prod (known: error-rate, request-duration)");
    }

    @Test
    void aScenarioWebhookTheCanaryDoesNotHaveIsRefusedWithTheClosestName() throws IOException {
        assertThatThrownBy(() -> reference().run(Scenario.defaults().webhook("loadtest", 500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scenario webhook \"loadtest\" is not a webhook of canary web.prod "
                        + "(did you mean \"load-test\"? known: load-test)");
    }

    @Test
    void manifestFilesAreValidatedAsTheCliValidatesThem(@TempDir Path dir) throws IOException {
        Path invalid = dir.resolve("web.yaml");
        Files.writeString(invalid, Files.readString(REFERENCE).replace("stepWeight: 10", "stepWeight: -10"));

        assertThatThrownBy(() -> Simulation.fromYaml(invalid))
                .isInstanceOfSatisfying(InvalidCanarySpecException.class, e -> assertThat(e.problems())
                        .singleElement(as(InstanceOfAssertFactories.STRING)).startsWith("spec.analysis.stepWeight: "));
    }

    @Test
    void resourcesInCodeAreValidatedToo() throws IOException {
        String yaml = Files.readString(REFERENCE).replace("stepWeight: 10", "stepWeight: -10").replace("threshold: 3", "threshold: -1");
        List<CanaryResource> resources = ManifestReader.read(yaml, "web.yaml").resources();
        Canary canary = resources.stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
        MetricTemplate template = resources.stream().filter(MetricTemplate.class::isInstance).map(MetricTemplate.class::cast)
                .findFirst().orElseThrow();

        assertThatThrownBy(() -> Simulation.fromManifests(resources))
                .isInstanceOfSatisfying(InvalidCanarySpecException.class, e -> {
                    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("spec.analysis.stepWeight: "))
                            .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.threshold: "));
                    assertThat(e.getMessage()).startsWith("invalid Canary prod/web: ");
                });
        assertThatThrownBy(() -> Simulation.of(canary, template))
                .isInstanceOfSatisfying(InvalidCanarySpecException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("spec.analysis.stepWeight: ")));
    }

    @Test
    void theTimelineAssertionsFailWithTheTimelineInTheMessage() throws IOException {
        Timeline timeline = reference().run();

        assertThatThrownBy(() -> assertThat(timeline).endsIn(FAILED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the canary to end in Failed but it ended in Succeeded")
                .hasMessageContaining("t+3m  Progressing  weight 30  request-duration 250ms ≤ 500ms ✓  error-rate 0.5 ≤ 1 ✓");
        assertThatThrownBy(() -> assertThat(timeline).hasWeights(10, 20)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("[10, 20, 30, 40, 50, 50]");
    }

    @Test
    void anInlineQueryOverTheWholeAnalysisIsScriptedByNameAtEveryTick() throws IOException {
        // {{ elapsed }} renders differently at every tick; the scenario still addresses the metric by name.
        String yaml = Files.readString(REFERENCE).replace("    metrics:\n", "    metrics:\n      - name: orders-lost\n"
                + "        query: sum(increase(orders_lost_total{pod=~\"{{ target }}-.*\"}[{{ elapsed }}]))\n"
                + "        thresholdRange:\n          max: 0\n");
        Simulation simulation = Simulation.fromManifests(ManifestReader.read(yaml, "web.yaml").resourcesOrThrow());

        Timeline timeline = simulation.run(Scenario.defaults().metric("orders-lost", 0, 0, 4));

        assertThat(timeline).endsIn(FAILED).hasCheck("orders-lost", Verdict.FAIL);
        assertThat(timeline.checks("orders-lost")).extracting(c -> c.value()).startsWith(0.0, 0.0, 4.0);
        assertThat(timeline.checks("orders-lost")).extracting(c -> c.query()).doesNotHaveDuplicates()
                .allSatisfy(q -> assertThat(q).startsWith("sum(increase(orders_lost_total{pod=~\"web-.*\"}["));
    }

    /** The reference canary with one more webhook in front of its load test. */
    static Simulation referenceWithHook(String type, String name) throws IOException {
        String yaml = Files.readString(REFERENCE).replace("    webhooks:\n", "    webhooks:\n      - name: " + name
                + "\n        type: " + type + "\n        url: http://hooks.test/" + name + "\n");
        return Simulation.fromManifests(ManifestReader.read(yaml, "web.yaml").resourcesOrThrow());
    }
}
