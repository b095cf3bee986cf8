package io.canarykit.knative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What {@link KnativeOperator#install} adds to an operator, independent of any canary. */
class KnativeOperatorInstallTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(KnativeFixtures.crds());

    @Test
    void knativeServingIsSeenThroughDiscovery() {
        assertThat(KnativeOperator.served(K8S.client())).isTrue();
    }

    @Test
    void installStartsServiceAndRevisionInformersPerWatchedNamespace() {
        AtomicReference<OperatorContext> context = new AtomicReference<>();
        CanaryOperator.Builder builder = CanaryOperator.builder(K8S.client()).namespaces("test", "prod")
                .trafficRouter("context-probe", c -> {
                    context.set(c);
                    return TrafficRouter.NOOP;
                });
        try (CanaryOperator operator = KnativeOperator.install(builder).build()) {
            operator.start();
            await().until(operator::isReady);

            assertThat(context.get().informers(KnativeOperator.SERVICES_INFORMER)).hasSize(2);
            assertThat(context.get().informers(KnativeOperator.REVISIONS_INFORMER)).hasSize(2);
        }
    }
}
