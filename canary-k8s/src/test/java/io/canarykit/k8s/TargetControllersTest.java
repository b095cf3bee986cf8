package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.spi.TargetController;
import io.canarykit.testkit.FakeTargetController;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dispatch by {@code targetRef}: kind and API group first, then kind alone. */
class TargetControllersTest {

    private final FakeTargetController deployments = new FakeTargetController();
    private final FakeTargetController knative = new FakeTargetController();
    private final TargetControllers dispatcher = TargetControllers.of(Map.of("Deployment", deployments))
            .with("Service.serving.knative.dev", knative);

    @Test
    void aKindAndGroupKeyTakesOnlyTargetsOfThatGroup() {
        assertThat(dispatcher.forCanary(canary("serving.knative.dev/v1", "Service"))).isSameAs(knative);
        assertThatThrownBy(() -> dispatcher.forCanary(canary("v1", "Service")))
                .as("a core Service is not a Knative Service").isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageContaining("targetRef.kind Service is not supported")
                .hasMessageContaining("[Deployment, Service.serving.knative.dev]");
    }

    @Test
    void aKindKeyTakesTheKindInAnyGroupAndAnEmptyKindMeansDeployment() {
        assertThat(dispatcher.forCanary(canary("apps/v1", "Deployment"))).isSameAs(deployments);
        assertThat(dispatcher.forCanary(canary("apps/v1", ""))).isSameAs(deployments);
    }

    @Test
    void aKindAndGroupKeyWinsOverTheKindAlone() {
        FakeTargetController special = new FakeTargetController();
        TargetController chosen = dispatcher.with("Deployment.apps", special).forCanary(canary("apps/v1", "Deployment"));
        assertThat(chosen).isSameAs(special);
    }

    private static Canary canary(String apiVersion, String kind) {
        CanarySpec spec = new CanarySpec(null, null, new LocalObjectReference(apiVersion, kind, "podinfo"), null, null, null, null,
                null, null, null, null, null, null, null);
        return Canary.of(ObjectMeta.of("default", "podinfo"), spec);
    }
}
