package io.canarykit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventType;
import io.canarykit.core.engine.TickResult;
import io.canarykit.examples.embedding.EmbeddedEngine;
import io.canarykit.examples.gatewayapi.GatewayApiEngine;
import io.canarykit.examples.operator.EmbeddedOperator;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's Kubernetes snippets ({@link GatewayApiEngine}, {@link EmbeddedOperator}) on the CRUD mock. */
class KubernetesSnippetsTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    @Test
    void theEmbeddedOperatorTakesTheLeaseAndReleasesItOnClose() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CanaryOperator operator = EmbeddedOperator.create(K8S.client(), registry, "shop-operator-0");
        try {
            operator.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> operator.isReady() && operator.isLeader());
            assertThat(operator.isAlive()).isTrue();
            assertThat(registry.find("flagger.info").gauge()).isNotNull();
        } finally {
            operator.close();
        }
        assertThat(operator.isLeader()).isFalse();
        // Released the fabric8 way: the lease now expires after 1 s, so a standby takes over at once.
        assertThat(K8S.client().leases().inNamespace("shop").withName("canarykit-operator").get().getSpec()
                .getLeaseDurationSeconds()).isEqualTo(1);
    }

    @Test
    void theGatewayApiEngineReportsAMissingDeploymentAsAWarningEvent() throws Exception {
        Canary web = EmbeddedEngine.readCanary(Path.of("manifests", "web.yaml"));
        try (GatewayApiEngine gateway = new GatewayApiEngine(K8S.client(), "prod")) {
            TickResult result = gateway.engine().tick(web);
            assertThat(result.status().phase()).isEqualTo(CanaryPhase.INITIALIZING);
            assertThat(result.events()).filteredOn(e -> e.type() == EventType.WARNING).extracting(CanaryEvent::message)
                    .contains("deployment web.prod not found");
        }
    }
}
