package io.canarykit.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryCondition;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricCheckStatus;
import io.canarykit.api.model.ObjectMeta;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ManifestWriter#statusTree} is what a client parsing {@link ManifestWriter#toJson}'s text
 * finds under {@code status}, value for value and type for type, and reads back as the same status.
 */
class StatusTreeTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456789Z");

    static Stream<CanaryStatus> statuses() {
        return Stream.of(CanaryStatus.EMPTY,
                CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.PROGRESSING).canaryWeight(30).iterations(Integer.MAX_VALUE)
                        .failedChecks(2).lastTransitionTime(AT).build(),
                CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.FAILED)
                        .conditions(List.of(new CanaryCondition("Promoted", "False", AT, AT, "Failed", "Canary analysis failed")))
                        .trackedConfigs(Map.of("secret/web-env", "8f3a"))
                        .insufficientChecks(Map.of("error-rate", 3))
                        .lastChecks(List.of(new MetricCheckStatus("error-rate", "passed", 0.25, null, 1.0, AT),
                                new MetricCheckStatus("latency", "failed", 1.0E-7, 100.0, 5.0E12, null)))
                        .lastAppliedSpec("5d8f").lastCommandId("c-1").analysisStartedAt(AT).lastAnalysisAt(AT).build());
    }

    @ParameterizedTest
    @MethodSource("statuses")
    void isWhatParsingTheWrittenJsonGivesAndReadsBackAsTheSameStatus(CanaryStatus status) throws Exception {
        Canary carrier = Canary.of(ObjectMeta.of("default", "web"), null).withStatus(status);
        Map<?, ?> parsed = new ObjectMapper().readValue(ManifestWriter.toJson(carrier), Map.class);

        Map<String, Object> tree = ManifestWriter.statusTree(status);

        assertThat(tree).isEqualTo(parsed.get("status") == null ? Map.of() : parsed.get("status"));
        if (!status.equals(CanaryStatus.EMPTY)) {
            String json = new ObjectMapper().writeValueAsString(Map.of("apiVersion", "flagger.app/v1beta1", "kind", "Canary",
                    "metadata", Map.of("name", "web", "namespace", "default"), "status", tree));
            Canary read = (Canary) ManifestReader.read(json, "test").resourcesOrThrow().get(0);
            assertThat(read.status()).isEqualTo(status);
        }
    }
}
