package io.canarykit.k8s.internal;

import io.canarykit.k8s.KubernetesCalls;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The version of the {@code autoscaling} API group that HorizontalPodAutoscalers are read and
 * written in: {@code autoscaling/v2} when the API server serves it, else {@code autoscaling/v2beta2}
 * (v1.12 to v1.25; v2 is v2beta2 graduated with the same schema), else {@link #NONE}. Decided once,
 * by API discovery ({@code GET /apis/autoscaling}).
 */
public enum AutoscalingApi {

    V2("v2"),
    V2BETA2("v2beta2"),
    /** Neither version is served, or discovery was forbidden: no HorizontalPodAutoscaler can be handled. */
    NONE("");

    public static final String GROUP = "autoscaling";
    public static final String KIND = "HorizontalPodAutoscaler";
    private static final String PLURAL = "horizontalpodautoscalers";
    private static final int FORBIDDEN = 403;
    private static final Logger LOG = LoggerFactory.getLogger(AutoscalingApi.class);

    private final String version;

    AutoscalingApi(String version) {
        this.version = version;
    }

    /**
     * Asks the API server which versions of the group it serves. A 404 (no such group) or a 403
     * (discovery forbidden) gives {@link #NONE}; any other failure is thrown, translated.
     */
    public static AutoscalingApi discover(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        AutoscalingApi api;
        try {
            api = of(client.getApiGroup(GROUP));
        } catch (KubernetesClientException e) {
            if (e.getCode() != FORBIDDEN) {
                throw KubernetesCalls.translate("discover API group " + GROUP, e);
            }
            LOG.warn("discovery of API group {} is forbidden (HTTP 403): HorizontalPodAutoscalers are not handled", GROUP);
            return NONE;
        }
        if (api == NONE) {
            LOG.warn("the API server serves neither autoscaling/v2 nor autoscaling/v2beta2: HorizontalPodAutoscalers are not handled");
        } else {
            LOG.debug("HorizontalPodAutoscalers through {}", api.apiVersion());
        }
        return api;
    }

    /** The choice for a discovered group; {@code null} (the group is not served) gives {@link #NONE}. */
    public static AutoscalingApi of(@Nullable APIGroup group) {
        List<GroupVersionForDiscovery> served = group == null || group.getVersions() == null ? List.of() : group.getVersions();
        for (AutoscalingApi candidate : List.of(V2, V2BETA2)) {
            if (served.stream().anyMatch(candidate::matches)) {
                return candidate;
            }
        }
        return NONE;
    }

    public boolean isServed() {
        return this != NONE;
    }

    /** {@code autoscaling/v2} or {@code autoscaling/v2beta2}; empty for {@link #NONE}. */
    public String apiVersion() {
        return isServed() ? GROUP + "/" + version : "";
    }

    /** Where HorizontalPodAutoscalers are in this version, for generic resources. */
    public ResourceDefinitionContext context() {
        if (!isServed()) {
            throw new IllegalStateException("no autoscaling version is served");
        }
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind(KIND)
                .withPlural(PLURAL).withNamespaced(true).build();
    }

    private boolean matches(GroupVersionForDiscovery served) {
        return version.equals(served.getVersion()) || apiVersion().equals(served.getGroupVersion());
    }
}
