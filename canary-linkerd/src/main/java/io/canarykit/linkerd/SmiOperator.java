package io.canarykit.linkerd;

import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.OperatorContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Adds SMI routers to a {@link CanaryOperator}: for each provider, the router writing its
 * TrafficSplit version, and one TrafficSplit informer per version used and watched namespace (so a
 * steady weight step issues no GET, and a hand-edited split is repaired at once).
 *
 * <pre>{@code
 * CanaryOperator operator = SmiOperator.install(CanaryOperator.builder(client),
 *         "osm", "smi:v1alpha3", "smi:v1alpha2:istio").build();
 * }</pre>
 *
 * The operator needs {@code get, list, watch, create, update, patch, delete} on
 * {@code split.smi-spec.io} {@code trafficsplits}; install a version only where the API server
 * serves it ({@link #servedVersions}): the informer's first list fails otherwise, and so does the
 * operator's start. Linkerd has {@link LinkerdOperator}.
 */
public final class SmiOperator {

    private SmiOperator() {
    }

    /** The name of the TrafficSplit informers of {@code version} in {@link OperatorContext#informers}. */
    public static String informer(SmiVersion version) {
        return "trafficsplits-" + version.version();
    }

    /** Routers for the providers {@code ids} ({@link SmiProvider#parse}). */
    public static CanaryOperator.Builder install(CanaryOperator.Builder builder, String... ids) {
        return install(builder, java.util.Arrays.stream(ids).map(SmiProvider::parse).toList());
    }

    /** Routers for every provider of {@code providers}, each under its {@link SmiProvider#id}. */
    public static CanaryOperator.Builder install(CanaryOperator.Builder builder, List<SmiProvider> providers) {
        Objects.requireNonNull(builder, "builder");
        Set<SmiVersion> versions = EnumSet.noneOf(SmiVersion.class);
        providers.forEach(p -> versions.add(p.version()));
        for (SmiVersion version : versions) {
            builder.extraInformer(informer(version), (client, namespace) -> namespace.isEmpty()
                    ? client.genericKubernetesResources(version.trafficSplits()).inAnyNamespace().inform()
                    : client.genericKubernetesResources(version.trafficSplits()).inNamespace(namespace).inform());
        }
        for (SmiProvider provider : providers) {
            builder.trafficRouter(provider.id(), context -> SmiTrafficRouter.of(context.client(),
                    context.cache(informer(provider.version()), GenericKubernetesResource.class,
                            TrafficSplitCaches.direct(context.client(), provider.version())), provider));
        }
        return builder;
    }

    /** The TrafficSplit versions the API server serves (API discovery); empty without the SMI CRD. */
    public static Set<SmiVersion> servedVersions(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        Set<SmiVersion> served = EnumSet.noneOf(SmiVersion.class);
        for (SmiVersion version : SmiVersion.values()) {
            if (version.isServed(client)) {
                served.add(version);
            }
        }
        return served;
    }

}
