package io.canarykit.k8s;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ManifestWriter;
import io.canarykit.core.manifest.ReadResult;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the custom resources as the API server holds them ({@link GenericKubernetesResource}, under
 * any {@link CanaryApiGroup}) to the canary-api records and back. The records are the schema: the
 * mapping goes through CanaryKit's manifest reader and writer, so a resource reads exactly as the
 * same manifest would from a file ({@code canary validate}).
 */
public final class CanaryResources {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    private CanaryResources() {
    }

    public static Canary toCanary(GenericKubernetesResource resource) {
        return read(resource, Canary.class);
    }

    public static MetricTemplate toMetricTemplate(GenericKubernetesResource resource) {
        return read(resource, MetricTemplate.class);
    }

    public static AlertProvider toAlertProvider(GenericKubernetesResource resource) {
        return read(resource, AlertProvider.class);
    }

    /** The resource as the API server takes it, under {@code group}. Status is left out for create. */
    public static GenericKubernetesResource toResource(CanaryResource resource, CanaryApiGroup group) {
        Map<String, Object> tree = tree(resource);
        tree.put("apiVersion", group.apiVersion());
        return JSON.convertValue(tree, GenericKubernetesResource.class);
    }

    /** {@code status} as the JSON tree stored on the status subresource. */
    public static Map<String, Object> statusTree(CanaryStatus status) {
        return ManifestWriter.statusTree(status);
    }

    private static Map<String, Object> tree(CanaryResource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = new LinkedHashMap<>(JSON.unmarshal(ManifestWriter.toJson(resource), Map.class));
        return tree;
    }

    private static <T extends CanaryResource> T read(GenericKubernetesResource resource, Class<T> type) {
        String apiVersion = resource.getApiVersion();
        GenericKubernetesResource copy = JSON.clone(resource);
        // The reader knows Flagger's group only; the configured group is a deployment choice, not a schema.
        copy.setApiVersion(CanaryResource.FLAGGER_API_VERSION);
        copy.getMetadata().setManagedFields(null);
        copy.getMetadata().setOwnerReferences(null);
        String source = resource.getKind() + " " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        ReadResult result = ManifestReader.read(JSON.asJson(copy), source);
        List<CanaryResource> read = result.resourcesOrThrow();
        if (read.size() != 1 || !type.isInstance(read.get(0))) {
            throw new InvalidCanarySpecException(source + ": not a " + type.getSimpleName(), List.of());
        }
        return withApiVersion(type.cast(read.get(0)), apiVersion == null ? CanaryResource.FLAGGER_API_VERSION : apiVersion, type);
    }

    private static <T extends CanaryResource> T withApiVersion(T resource, String apiVersion, Class<T> type) {
        CanaryResource result;
        if (resource instanceof Canary c) {
            result = new Canary(apiVersion, c.kind(), c.metadata(), c.spec(), c.status());
        } else if (resource instanceof MetricTemplate m) {
            result = new MetricTemplate(apiVersion, m.kind(), m.metadata(), m.spec());
        } else {
            AlertProvider a = (AlertProvider) resource;
            result = new AlertProvider(apiVersion, a.kind(), a.metadata(), a.spec());
        }
        return type.cast(result);
    }
}
