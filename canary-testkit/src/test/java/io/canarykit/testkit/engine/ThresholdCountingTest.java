package io.canarykit.testkit.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.ThresholdRange;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code threshold} counts consecutive failures by default; {@code thresholdMode: cumulative} is Flagger's count. */
class ThresholdCountingTest {

    static Stream<Arguments> modes() {
        return Stream.of(
                // F, P, F, P, F with threshold 3: a pass clears the consecutive count, so the run promotes...
                Arguments.of(null, CanaryPhase.SUCCEEDED, List.of(1, 0, 1, 0, 1)),
                Arguments.of("consecutive", CanaryPhase.SUCCEEDED, List.of(1, 0, 1, 0, 1)),
                // ...while the cumulative count reaches 3 at the fifth check and rolls back in that tick.
                Arguments.of("cumulative", CanaryPhase.FAILED, List.of(1, 1, 2, 2, 0)));
    }

    @ParameterizedTest(name = "thresholdMode {0} → {1}")
    @MethodSource("modes")
    void failPassFailPassFail(String mode, CanaryPhase outcome, List<Integer> failedChecksAfterEachCheck) {
        Canaries.Analysis a = new Canaries.Analysis();
        a.interval = "1m";
        a.threshold = 3;
        a.stepWeight = 10;
        a.maxWeight = 30;
        a.thresholdMode = mode;
        a.metrics.add(new CanaryMetric("errors", null, null, ThresholdRange.max(1), "errors", null, Map.of()));
        EngineHarness h = new EngineHarness(a.build()).initializedWithNewRevision();
        h.prometheus.values("errors", 5, 0, 5, 0, 5, 0);

        h.ticks(2); // detection, then the pre-rollout tick (weight 10, no metrics)
        h.ticks(5);
        List<Integer> counts = h.results.subList(h.results.size() - 5, h.results.size()).stream()
                .map(r -> r.status().failedChecks()).toList();

        assertThat(counts).isEqualTo(failedChecksAfterEachCheck);
        if (outcome == CanaryPhase.FAILED) {
            assertThat(h.phase()).isEqualTo(CanaryPhase.FAILED);
        } else {
            assertThat(h.runToEnd(10)).last().isEqualTo(CanaryPhase.SUCCEEDED);
        }
    }
}
