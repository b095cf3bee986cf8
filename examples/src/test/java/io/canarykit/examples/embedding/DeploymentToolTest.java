package io.canarykit.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.examples.plugin.FileMetricProvider;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the deployment-tool example: a release promoted, and one rolled back, on a virtual clock. */
class DeploymentToolTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final PoolRouter router = new PoolRouter();
    private final ImageTarget target = new ImageTarget("shop:1.0");

    @Test
    void aHealthyImageIsPromotedStepByStep() throws Exception {
        List<CanaryResource> manifests = manifests("error-rate=0.2");

        DeploymentTool.Release release = tool(manifests).release(canary(manifests), "shop:1.1", 50);

        assertThat(release.phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(release.stableImage()).isEqualTo("shop:1.1");
        assertThat(router.history()).containsExactly(20, 40, 60, 0);
        assertThat(release.events()).contains("Promotion completed! Scaling down shop.shop");
    }

    @Test
    void aFailingImageIsRolledBackAndTheStableOneStays() throws Exception {
        List<CanaryResource> manifests = manifests("error-rate=7.5");

        DeploymentTool.Release release = tool(manifests).release(canary(manifests), "shop:1.1", 50);

        assertThat(release.phase()).isEqualTo(CanaryPhase.FAILED);
        assertThat(release.stableImage()).isEqualTo("shop:1.0");
        assertThat(router.history()).containsExactly(20, 0);
        assertThat(release.events()).contains("Rolling back shop.shop failed checks threshold reached 2");
    }

    private DeploymentTool tool(List<CanaryResource> manifests) {
        return new DeploymentTool(clock, clock::add, router, target, MetricProviderRegistry.of(new FileMetricProvider()),
                new InMemoryCanaryStore().applyAll(manifests));
    }

    private List<CanaryResource> manifests(String metrics) throws IOException {
        Path values = Files.writeString(dir.resolve("shop.properties"), metrics + "\n");
        return ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata: {name: error-rate, namespace: shop}
                spec:
                  provider: {type: file, address: %s}
                  query: error-rate
                ---
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: shop, namespace: shop}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: shop}
                  service: {port: 80}
                  analysis:
                    interval: 30s
                    threshold: 2
                    stepWeight: 20
                    maxWeight: 60
                    metrics:
                      - name: error-rate
                        templateRef: {name: error-rate}
                        thresholdRange: {max: 1}
                """.formatted(values), "shop.yaml").resourcesOrThrow();
    }

    private static Canary canary(List<CanaryResource> manifests) {
        return manifests.stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
    }
}
