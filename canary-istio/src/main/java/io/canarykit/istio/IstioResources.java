package io.canarykit.istio;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Istio kinds the router writes, {@code networking.istio.io/v1beta1} as Flagger writes them
 * (served by every Istio since 1.5; {@code v1} is the same schema), handled as
 * {@link GenericKubernetesResource}s.
 */
public final class IstioResources {

    public static final String GROUP = "networking.istio.io";
    public static final String VERSION = "v1beta1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    public static final String VIRTUAL_SERVICE = "VirtualService";
    public static final String DESTINATION_RULE = "DestinationRule";

    private IstioResources() {
    }

    public static ResourceDefinitionContext virtualServices() {
        return context(VIRTUAL_SERVICE, "virtualservices");
    }

    public static ResourceDefinitionContext destinationRules() {
        return context(DESTINATION_RULE, "destinationrules");
    }

    /** The {@code spec} of {@code resource} as a JSON tree (empty when it has none). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> spec(GenericKubernetesResource resource) {
        Object spec = Objects.requireNonNull(resource, "resource").getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static void setSpec(GenericKubernetesResource resource, Map<String, Object> spec) {
        resource.setAdditionalProperty("spec", new LinkedHashMap<>(spec));
    }

    private static ResourceDefinitionContext context(String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION).withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }
}
