package io.canarykit.k8s;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.MetricTemplate;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;
import java.util.Objects;

/**
 * The API group and version under which the Canary, MetricTemplate and AlertProvider resources are
 * served. The default is Flagger's {@code flagger.app/v1beta1}, so existing manifests apply
 * unchanged; another group lets CanaryKit run beside a Flagger installation.
 */
public record CanaryApiGroup(String group, String version) {

    public static final CanaryApiGroup FLAGGER = new CanaryApiGroup("flagger.app", "v1beta1");

    public CanaryApiGroup {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(version, "version");
        if (group.isEmpty() || version.isEmpty()) {
            throw new IllegalArgumentException("group and version must not be empty");
        }
    }

    public String apiVersion() {
        return group + "/" + version;
    }

    public ResourceDefinitionContext canaries() {
        return context(Canary.KIND);
    }

    public ResourceDefinitionContext metricTemplates() {
        return context(MetricTemplate.KIND);
    }

    public ResourceDefinitionContext alertProviders() {
        return context(AlertProvider.KIND);
    }

    /** The lower-case plural Kubernetes serves {@code kind} under ({@code canaries}, ...). */
    public static String plural(String kind) {
        String lower = kind.toLowerCase(Locale.ROOT);
        return lower.endsWith("y") ? lower.substring(0, lower.length() - 1) + "ies" : lower + "s";
    }

    private ResourceDefinitionContext context(String kind) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural(kind)).withNamespaced(true).build();
    }
}
