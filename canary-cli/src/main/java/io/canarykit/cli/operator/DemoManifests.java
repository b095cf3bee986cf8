package io.canarykit.cli.operator;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.cli.demo.DemoCanary;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/**
 * What the demo applies: the product's reference Canary and MetricTemplate
 * ({@code examples/manifests/web.yaml}: stepWeight 10, maxWeight 50, threshold 3) with a short
 * analysis interval and the chosen provider (plus a parent Gateway for {@code gatewayapi}, the
 * user's Ingress for {@code nginx}), the Deployment it targets, and the HTTPRoute CRD a Gateway API
 * cluster has installed.
 */
final class DemoManifests {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final String OLD_IMAGE = "ghcr.io/canarykit/web:1.0.0";
    static final String NEW_IMAGE = "ghcr.io/canarykit/web:1.1.0";
    static final String GATEWAY_NAMESPACE = "gateway-system";
    static final String GATEWAY = "public";
    static final String HOST = "web.example.com";

    private final DemoCanary reference = DemoCanary.reference();
    private final DemoProvider provider;

    DemoManifests(DemoProvider provider) {
        this.provider = provider;
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
        if (provider == DemoProvider.GATEWAYAPI) {
            child(spec, "service").put("gatewayRefs", List.of(Map.of("name", GATEWAY, "namespace", GATEWAY_NAMESPACE)));
        }
        if (provider == DemoProvider.NGINX) {
            spec.put("ingressRef", Map.of("apiVersion", "networking.k8s.io/v1", "kind", "Ingress", "name", ingressName()));
        }
        return resource;
    }

    /** The user's Ingress ({@code nginx} only): one host, TLS, class nginx, {@code /} to the apex Service. */
    Optional<Ingress> ingress() {
        if (provider != DemoProvider.NGINX) {
            return Optional.empty();
        }
        return Optional.of(new IngressBuilder()
                .withNewMetadata().withName(ingressName()).withNamespace(namespace()).addToLabels("app", ingressName())
                .addToAnnotations("nginx.ingress.kubernetes.io/proxy-body-size", "8m").endMetadata()
                .withNewSpec().withIngressClassName("nginx")
                .addNewTl().withHosts(HOST).withSecretName(ingressName() + "-tls").endTl()
                .addNewRule().withHost(HOST).withNewHttp().addNewPath().withPath("/").withPathType("Prefix")
                .withNewBackend().withNewService().withName(reference().spec().serviceName())
                .withNewPort().withNumber(reference().spec().service().port()).endPort().endService().endBackend()
                .endPath().endHttp().endRule().endSpec().build());
    }

    /** The user's Ingress is named after the apex Service. */
    String ingressName() {
        return reference().spec().serviceName();
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
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalStateException("the reference canary has no " + key);
        }
        return (Map<String, Object>) value;
    }
}
