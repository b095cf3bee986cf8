package io.canarykit.linkerd;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.k8s.CanaryOwners;
import io.canarykit.k8s.KubernetesCalls;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.linkerd.internal.SplitMetadata;
import io.canarykit.linkerd.internal.SplitRules;
import io.canarykit.linkerd.internal.SplitSpec;
import io.canarykit.linkerd.internal.SplitWeights;
import io.canarykit.linkerd.internal.WeightPatch;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrafficRouter} over an SMI {@code TrafficSplit} named after the apex Service, in the
 * Canary's namespace: Flagger's SMI routers ({@code smi.go}, {@code smi_v1alpha2.go},
 * {@code smi_v1alpha3.go}), for Linkerd ({@code provider: linkerd}, v1alpha1), OSM ({@code osm},
 * v1alpha2) and any mesh named by {@code smi:<version>[:<mesh>]}, with minimal writes.
 *
 * <ul>
 *   <li>{@link #reconcile} creates the split (all traffic to the primary), or repairs drift in its
 *       apex and backends <em>with the split in force</em>: unlike Flagger, a repair in the middle
 *       of an analysis does not reset the weights to 0/100.</li>
 *   <li>{@link #setRoutes} writes nothing when the split is in force; a weight step is one JSON
 *       Patch of the two weights (tested against the values read); a split whose backends drifted
 *       is rewritten with one PUT carrying the resourceVersion.</li>
 *   <li>{@link #revert} deletes the split this Canary owns (revertOnDeletion): the apex Service,
 *       which selects the primary's pods, then takes all traffic.</li>
 * </ul>
 *
 * <p>Reads go through an {@link ObjectCache} (see {@link TrafficSplitCaches}); after a conflict or
 * a failed patch test the split is read fresh, the change recomputed and written once more. What
 * a split cannot express (A/B matches, session affinity, mirroring a weighted analysis) is refused
 * with an {@link io.canarykit.api.InvalidCanarySpecException} naming the field, before any write
 * (a split back to the primary is still written: it is how an analysis stops).
 * SMI cannot mirror: a blue/green {@code mirror} split is written as its weights and never reads
 * back as mirrored, as in Flagger.
 */
public final class SmiTrafficRouter implements TrafficRouter {

    private static final Logger LOG = LoggerFactory.getLogger(SmiTrafficRouter.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final ObjectCache<GenericKubernetesResource> splits;
    private final SmiProvider provider;
    /** Canaries already told that SMI does not mirror, so that it is logged once, not on every tick. */
    private final Set<String> reportedMirror = ConcurrentHashMap.newKeySet();

    private SmiTrafficRouter(KubernetesClient client, ObjectCache<GenericKubernetesResource> splits, SmiProvider provider) {
        this.client = Objects.requireNonNull(client, "client");
        this.splits = Objects.requireNonNull(splits, "splits");
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** A router for {@code provider} that reads TrafficSplits (in the provider's version) from {@code splits}. */
    public static SmiTrafficRouter of(KubernetesClient client, ObjectCache<GenericKubernetesResource> splits, SmiProvider provider) {
        return new SmiTrafficRouter(client, splits, provider);
    }

    /** A router that reads every TrafficSplit from the API server (for tools that run one tick and leave). */
    public static SmiTrafficRouter direct(KubernetesClient client, SmiProvider provider) {
        return of(client, TrafficSplitCaches.direct(client, provider.version()), provider);
    }

    /** The provider this router serves. */
    public SmiProvider provider() {
        return provider;
    }

    /** The name of the TrafficSplit the router writes: the apex Service's. */
    public static String splitName(Canary canary) {
        return canary.spec().serviceName();
    }

    @Override
    public void reconcile(Canary canary) {
        SplitRules.check(canary, provider.id());
        Optional<GenericKubernetesResource> live = splits.get(canary.namespace(), splitName(canary));
        if (live.isEmpty()) {
            create(canary, Routes.PRIMARY_ONLY);
            return;
        }
        apply(canary, live.get(), null);
    }

    @Override
    public Routes routes(Canary canary) {
        GenericKubernetesResource live = splits.get(canary.namespace(), splitName(canary)).orElseThrow(() ->
                new BackendException(KubernetesCalls.BACKEND, "TrafficSplit " + dotted(canary) + " not found", true));
        SplitWeights.Result read = SplitWeights.read(SplitSpec.of(live), canary.spec().primaryServiceName(),
                canary.spec().canaryServiceName(), dotted(canary));
        if (read instanceof SplitWeights.Read r) {
            return r.routes();
        }
        // Retryable: the next reconcile rewrites the backends, so the tick is held rather than failed.
        throw new BackendException(KubernetesCalls.BACKEND, ((SplitWeights.Unreadable) read).reason(), true);
    }

    @Override
    public void setRoutes(Canary canary, Routes split) {
        Objects.requireNonNull(split, "split");
        if (split.canaryWeight() > 0) {
            // Sending all traffic back to the primary is always allowed: it is how an analysis stops.
            SplitRules.check(canary, provider.id());
        }
        if (split.mirrored() && reportedMirror.add(canary.namespace() + "/" + canary.name())) {
            LOG.warn("canary={}/{} provider {} cannot mirror traffic: the TrafficSplit gets the weights only",
                    canary.namespace(), canary.name(), provider.id());
        }
        Routes weights = new Routes(split.primaryWeight(), split.canaryWeight(), false);
        Optional<GenericKubernetesResource> live = splits.get(canary.namespace(), splitName(canary));
        if (live.isEmpty()) {
            create(canary, weights);
            return;
        }
        apply(canary, live.get(), weights);
    }

    /**
     * revertOnDeletion: the split this Canary owns is deleted (garbage collection would delete it
     * with the Canary anyway; doing it here does not depend on the collector). A split the Canary
     * does not own is left alone.
     */
    @Override
    public void revert(Canary canary) {
        Optional<GenericKubernetesResource> live = splits.get(canary.namespace(), splitName(canary));
        if (live.isPresent() && CanaryOwners.isOwnedBy(live.get().getMetadata(), canary)) {
            KubernetesCalls.call("delete TrafficSplit " + dotted(canary), () -> api(canary).resource(live.get()).delete());
            LOG.info("canary={}/{} deleted TrafficSplit {}", canary.namespace(), canary.name(), splitName(canary));
        }
    }

    /**
     * Brings {@code live} to the wanted spec. {@code split} is the split to set; null means the
     * one in force (reconcile). One retry after a conflict or a failed patch test, on a fresh read.
     */
    private void apply(Canary canary, GenericKubernetesResource live, @Nullable Routes split) {
        GenericKubernetesResource current = live;
        for (int attempt = 0; ; attempt++) {
            SplitSpec have = SplitSpec.of(current);
            SplitSpec wanted = SplitSpec.wanted(canary, split != null ? split : inForce(canary, have), provider.version());
            if (wanted.sameSplit(have)) {
                return;
            }
            boolean weightsOnly = wanted.sameLayout(have);
            try {
                if (weightsOnly) {
                    String patch = WeightPatch.of(have, wanted);
                    LOG.debug("canary={}/{} patching TrafficSplit {}: {}", canary.namespace(), canary.name(), splitName(canary), patch);
                    api(canary).resource(current).patch(PatchContext.of(PatchType.JSON), patch);
                } else {
                    GenericKubernetesResource updated = SERIALIZATION.clone(current);
                    updated.getAdditionalProperties().put("spec", wanted.toMap());
                    // PUT with the resourceVersion read: a concurrent writer makes it fail (409) instead of being overwritten.
                    api(canary).resource(updated).update();
                    LOG.info("canary={}/{} repaired drift in TrafficSplit {}", canary.namespace(), canary.name(), splitName(canary));
                }
                return;
            } catch (KubernetesClientException e) {
                if (attempt > 0 || !KubernetesCalls.isStale(e, weightsOnly)) {
                    throw KubernetesCalls.translate("update TrafficSplit " + dotted(canary), e);
                }
                LOG.warn("canary={}/{} TrafficSplit {} changed while being written, retrying on a fresh read",
                        canary.namespace(), canary.name(), splitName(canary));
                current = splits.fresh(canary.namespace(), splitName(canary)).orElseThrow(() ->
                        KubernetesCalls.translate("update TrafficSplit " + dotted(canary), e));
            }
        }
    }

    private void create(Canary canary, Routes split) {
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion(provider.version().apiVersion()).withKind(SmiVersion.KIND)
                .withNewMetadata().withName(splitName(canary)).withNamespace(canary.namespace())
                .withAnnotations(SplitMetadata.annotations(canary, provider.mesh()))
                .withOwnerReferences(CanaryOwners.of(canary)).endMetadata()
                .withAdditionalProperties(Map.of("spec", SplitSpec.wanted(canary, split, provider.version()).toMap())).build();
        try {
            api(canary).resource(resource).create();
            LOG.info("canary={}/{} created TrafficSplit {}", canary.namespace(), canary.name(), splitName(canary));
        } catch (KubernetesClientException e) {
            if (!KubernetesCalls.isAlreadyExists(e)) {
                throw KubernetesCalls.translate("create TrafficSplit " + dotted(canary), e);
            }
            // Created meanwhile (the cache had not seen it yet): bring the existing one up to date.
            GenericKubernetesResource existing = splits.fresh(canary.namespace(), splitName(canary)).orElseThrow(() ->
                    KubernetesCalls.translate("create TrafficSplit " + dotted(canary), e));
            apply(canary, existing, split);
        }
    }

    /** The split a reconcile keeps: the one in force, or all-primary when it cannot be read. */
    private static Routes inForce(Canary canary, SplitSpec have) {
        return SplitWeights.read(have, canary.spec().primaryServiceName(), canary.spec().canaryServiceName(), "")
                instanceof SplitWeights.Read r ? r.routes() : Routes.PRIMARY_ONLY;
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> api(
            Canary canary) {
        return client.genericKubernetesResources(provider.version().trafficSplits()).inNamespace(canary.namespace());
    }

    private static String dotted(Canary canary) {
        return splitName(canary) + "." + canary.namespace();
    }
}
