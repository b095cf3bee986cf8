package io.canarykit.demo.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.demo.DemoCanary;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the demo applies: the product's reference Canary and MetricTemplate
 * ({@code examples/manifests/web.yaml}: stepWeight 10, maxWeight 50, threshold 3) with a short
 * analysis interval and the chosen provider (plus what its {@link DemoRouting} adds: a parent
 * Gateway, the user's Ingress...), and the Deployment it targets.
 */
final class DemoManifests {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final String OLD_IMAGE = "ghcr.io/canarykit/web:1.0.0";
    static final String NEW_IMAGE = "ghcr.io/canarykit/web:1.1.0";
    static final String HOST = "web.example.com";

    private final DemoCanary reference = DemoCanary.reference();
    private final DemoProvider provider;
    private final DemoRouting routing;

    DemoManifests(DemoProvider provider) {
        this.provider = provider;
        this.routing = provider.routing(reference());
    }

    /** How the chosen provider is wired into this run. */
    DemoRouting routing() {
        return routing;
    }

    /** The reference canary as shipped (namespace, names and thresholds come from it). */
    Canary reference() {
        return reference.canary();
    }

    String namespace() {
        return reference().namespace();
    }

    /** The Canary resource to create: the reference one, with the demo's interval and provider. */
    GenericKubernetesResource canary() {
        GenericKubernetesResource resource = CanaryResources.toResource(reference(), CanaryApiGroup.FLAGGER);
        Map<String, Object> spec = child(resource.getAdditionalProperties(), "spec");
        spec.put("provider", provider.id());
        child(spec, "analysis").put("interval", INTERVAL.toSeconds() + "s");
        routing.customize(spec);
        return resource;
    }

    List<GenericKubernetesResource> metricTemplates() {
        return reference.templates().stream().map(DemoManifests::resource).toList();
    }

    /** The Deployment the canary targets, at {@link #OLD_IMAGE}. */
    Deployment workload() {
        String name = reference().spec().targetRef().name();
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace()).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage(OLD_IMAGE)
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    private static GenericKubernetesResource resource(MetricTemplate template) {
        return CanaryResources.toResource(template, CanaryApiGroup.FLAGGER);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalStateException("the reference canary has no " + key);
        }
        return (Map<String, Object>) value;
    }
}
