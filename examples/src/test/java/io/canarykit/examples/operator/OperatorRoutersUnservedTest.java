package io.canarykit.examples.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.canarykit.istio.IstioResources;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.linkerd.SmiVersion;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API server of {@link OperatorRoutersTest} without the Istio, SMI and Knative APIs: {@code auto}
 * installs none of their routers (on a real server their informers would fail the start), so an
 * Istio canary is not routed; {@code ISTIO=true} installs the router all the same.
 */
class OperatorRoutersUnservedTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    @Test
    void discoveryFindsNoRouterApi() {
        OperatorDiscovery served = OperatorDiscovery.of(K8S.client());
        assertThat(served.istio().getAsBoolean()).isFalse();
        assertThat(served.smi().get()).isEmpty();
        assertThat(served.knative().getAsBoolean()).isFalse();
    }

    @Test
    void autoInstallsNoneOfTheUnservedRoutersAndTheOperatorStarts() {
        try (OperatorProviders providers = new OperatorProviders();
                CanaryOperator operator = build(Map.of("SMI_PROVIDERS", "osm,smi:v1alpha3"), providers)) {
            operator.start();
            await().until(operator::isReady);
        }
    }

    @Test
    void anIstioCanaryIsNotRoutedUnlessIstioIsServedOrForced() {
        for (String setting : new String[] {"auto", "true"}) {
            MutableClock clock = MutableClock.atEpochOfTests();
            ManualTickTimer timer = new ManualTickTimer();
            K8S.client().genericKubernetesResources(IstioResources.virtualServices()).inNamespace(OperatorRoutersTest.NS).delete();
            try (OperatorProviders providers = new OperatorProviders();
                    CanaryOperator operator = build(Map.of("ISTIO", setting), providers, clock, timer)) {
                operator.start();
                await().until(operator::isReady);
                var canary = K8S.client().getKubernetesSerialization().unmarshal(OperatorRoutersTest.deploymentCanary("istio"),
                        io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
                canary.getMetadata().setName("podinfo-" + setting);
                K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(OperatorRoutersTest.NS)
                        .resource(canary).createOr(c -> c.update());
                K8S.client().apps().deployments().inNamespace(OperatorRoutersTest.NS).resource(OperatorRoutersTest.podinfo())
                        .createOr(c -> c.update());
                // The mock's CRUD mode serves VirtualServices to a forced router all the same.
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    OperatorRoutersTest.markReady(K8S.client(), "podinfo");
                    OperatorRoutersTest.markReady(K8S.client(), "podinfo-primary");
                    clock.add(Duration.ofSeconds(10));
                    timer.advance(Duration.ofSeconds(10));
                    operator.awaitIdle(Duration.ofSeconds(5));
                    return K8S.client().apps().deployments().inNamespace(OperatorRoutersTest.NS).withName("podinfo-primary").get() != null
                            && ("auto".equals(setting) || !virtualServices().isEmpty());
                });
                assertThat(virtualServices()).as("ISTIO=%s", setting).hasSize("true".equals(setting) ? 1 : 0);
            }
        }
    }

    @Test
    void smiProvidersFollowTheServedVersions() {
        assertThat(OperatorMain.smiProviders("auto", "osm,smi:v1alpha3", Set::of)).isEmpty();
        assertThat(OperatorMain.smiProviders("true", "", Set::of)).extracting(p -> p.id()).containsExactly("linkerd");
        assertThat(OperatorMain.smiProviders("false", "osm, smi:v1alpha3:istio", () -> Set.of(SmiVersion.V1ALPHA2)))
                .extracting(p -> p.id()).containsExactly("osm");
        assertThatThrownBy(() -> OperatorMain.smiProviders("auto", "istio", Set::of)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SMI_PROVIDERS: spec.provider: \"istio\" is not an SMI provider");
        assertThatThrownBy(() -> OperatorMain.smiProviders("on", "", Set::of)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LINKERD must be true, false or auto, got: on");
    }

    private static List<?> virtualServices() {
        return K8S.client().genericKubernetesResources(IstioResources.virtualServices()).inNamespace(OperatorRoutersTest.NS).list().getItems();
    }

    private static CanaryOperator build(Map<String, String> settings, OperatorProviders providers) {
        return build(settings, providers, MutableClock.atEpochOfTests(), new ManualTickTimer());
    }

    private static CanaryOperator build(Map<String, String> settings, OperatorProviders providers, MutableClock clock,
            ManualTickTimer timer) {
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("WATCH_NAMESPACES", OperatorRoutersTest.NS);
        return OperatorMain.configure(CanaryOperator.builder(K8S.client()), env, providers, OperatorDiscovery.of(K8S.client()))
                .clock(clock).timer(timer).maxConcurrentTicks(1).build();
    }
}
