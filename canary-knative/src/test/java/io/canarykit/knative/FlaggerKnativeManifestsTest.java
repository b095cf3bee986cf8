package io.canarykit.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.DeploymentStrategy;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import io.canarykit.knative.internal.KnativeSpec;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flagger's three documented Knative Canaries (the tutorial's, and the promotion and rollback ones
 * of its e2e test) load unchanged through CanaryKit's manifest reading, and ask for nothing a
 * Knative Service cannot do.
 */
class FlaggerKnativeManifestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"tutorial-canary.yaml", "e2e-promotion-canary.yaml", "e2e-rollback-canary.yaml"})
    void loadsUnchangedAndIsExpressible(String file) {
        ReadResult read = ManifestReader.read(KnativeFixtures.flagger(file), file);

        assertThat(read.violations()).as("no unknown field, nothing missing").isEmpty();
        Canary canary = (Canary) read.resourcesOrThrow().get(0);
        assertThat(canary.namespace()).isEqualTo("test");
        assertThat(canary.spec().provider()).isEqualTo(KnativeTrafficRouter.PROVIDER);
        assertThat(canary.spec().targetRef()).isEqualTo(new LocalObjectReference("serving.knative.dev/v1", "Service", "podinfo"));
        assertThat(canary.spec().service().port()).as("Knative canaries need no port").isNull();
        assertThat(canary.spec().progressDeadline()).isEqualTo(Duration.ofSeconds(60));
        CanaryAnalysis analysis = canary.analysis();
        assertThat(analysis.intervalOrDefault()).isEqualTo(Duration.ofSeconds(15));
        assertThat(analysis.thresholdOrDefault()).isEqualTo(15);
        assertThat(analysis.maxWeightOrDefault()).isEqualTo(50);
        assertThat(analysis.stepWeightOrZero()).isEqualTo(10);
        assertThat(analysis.strategy()).isEqualTo(DeploymentStrategy.CANARY);
        assertThat(analysis.metrics()).extracting(m -> m.name()).containsExactly("request-success-rate", "request-duration");
        assertThat(analysis.webhooks()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("load-test");
            assertThat(w.metadata()).containsKey("cmd");
        });
        assertThatCode(() -> KnativeSpec.requireExpressible(canary)).doesNotThrowAnyException();
    }
}
