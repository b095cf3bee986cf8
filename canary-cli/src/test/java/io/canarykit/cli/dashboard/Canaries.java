package io.canarykit.cli.dashboard;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricCheckStatus;
import io.canarykit.core.manifest.ManifestReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The reference Canary (examples/manifests/web.yaml) with statuses as an operator writes them during a run. */
final class Canaries {

    static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");

    private Canaries() {
    }

    static Canary web() {
        try {
            return ManifestReader.read(REFERENCE).resourcesOrThrow().stream().filter(Canary.class::isInstance).map(Canary.class::cast)
                    .findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A status of a run started at {@code start}, analysed at {@code at}, with a passing success rate and an error rate of {@code errors}. */
    static CanaryStatus status(CanaryPhase phase, int weight, int failed, Instant start, Instant at, double errors) {
        return CanaryStatus.EMPTY.toBuilder().phase(phase).canaryWeight(weight).failedChecks(failed).iterations(0)
                .analysisStartedAt(start).lastTransitionTime(start).lastAnalysisAt(at)
                .lastChecks(List.of(new MetricCheckStatus("request-success-rate", "pass", 99.5, 99.0, null, at),
                        new MetricCheckStatus("error-rate", errors > 1 ? "fail" : "pass", errors, null, 1.0, at)))
                .build();
    }
}
