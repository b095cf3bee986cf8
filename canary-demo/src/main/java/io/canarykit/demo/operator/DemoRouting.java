package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.k8s.operator.CanaryOperator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What one {@code spec.provider} adds to the demo: the CRDs its cluster has installed, the Canary
 * fields and user objects it needs, the router it registers with the operator, the controllers a
 * real cluster would run for it, and how the split is read back from the object the router wrote.
 * One implementation per provider keeps {@link OperatorDemoRun} free of provider switches.
 */
interface DemoRouting {

    /** CRDs the cluster serves besides Flagger's. */
    default List<CustomResourceDefinition> crds() {
        return List.of();
    }

    /** Adds what the provider needs to the Canary's {@code spec} (a parent Gateway, an ingressRef...). */
    default void customize(Map<String, Object> spec) {
    }

    /** The workload the Canary targets, made from the demo's Deployment (a Knative Service runs its pod template). */
    default HasMetadata workload(Deployment deployment) {
        return deployment;
    }

    /** Ships {@code image} as the workload's new revision (what a user's CD pipeline does). */
    default void ship(KubernetesClient demo, String namespace, String name, String image) {
        Deployment d = demo.apps().deployments().inNamespace(namespace).withName(name).get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        demo.apps().deployments().resource(d).update();
    }

    /** Objects the user applies before the Canary (the Ingress nginx copies...). */
    default List<HasMetadata> userObjects() {
        return List.of();
    }

    /** Registers the provider's router, and the informers it reads from, with the operator. */
    default void install(CanaryOperator.Builder builder) {
    }

    /** One pass of the controllers a real cluster runs for the provider's objects (a gateway accepting routes...). */
    default void play(KubernetesClient demo, String namespace, Clock clock) {
    }

    /** Whether the operator's informers of the provider's objects hold the API server's current versions. */
    default boolean inSync(KubernetesClient demo, String namespace) {
        return true;
    }

    /** The routing object as the API server stores it, and the split it routes. */
    RoutingView view(KubernetesClient demo, Canary canary);
}
