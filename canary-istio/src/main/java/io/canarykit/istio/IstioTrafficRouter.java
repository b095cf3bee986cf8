package io.canarykit.istio;

import io.canarykit.k8s.RoutingMetadata;
import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.istio.internal.DestinationRuleSpecs;
import io.canarykit.istio.internal.IstioMetadata;
import io.canarykit.istio.internal.SpecChange;
import io.canarykit.istio.internal.Trees;
import io.canarykit.istio.internal.VirtualServiceSpecs;
import io.canarykit.istio.internal.VirtualServiceWeights;
import io.canarykit.k8s.CanaryOwners;
import io.canarykit.k8s.KubernetesCalls;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrafficRouter} for Istio ({@code provider: istio}): Flagger's {@code IstioRouter}, with
 * minimal writes. It owns the DestinationRules {@code <service>-primary} and {@code <service>-canary}
 * and the VirtualService {@code <service>} in the Canary's namespace ({@code networking.istio.io/v1beta1}).
 *
 * <ul>
 *   <li>{@link #reconcile} creates the three objects (owned by the Canary), or repairs drift in
 *       the fields it owns <em>with the split in force</em>; a VirtualService it did not create is
 *       taken over, its spec kept in {@code flagger.kubernetes.io/original-configuration}.</li>
 *   <li>{@link #setRoutes} writes nothing when the VirtualService already has the split; a weight
 *       step is one JSON Patch of the destination weights (each old weight tested); a new route
 *       layout (mirroring, sticky sessions) is one PUT with the resourceVersion.</li>
 *   <li>{@link #routes} reads the weights (and mirroring) back from the VirtualService.</li>
 *   <li>{@link #revert} restores a taken-over VirtualService's original spec, or deletes the
 *       objects this Canary owns.</li>
 * </ul>
 *
 * <p>Reads go through {@link IstioCaches}; after a conflict (409, or a failed weight test) the
 * object is read fresh, the change recomputed and written once more. What Istio cannot express is
 * refused as an {@link io.canarykit.api.InvalidCanarySpecException} naming the field. Register it
 * in front of the Kubernetes Service router with {@link IstioRouting#register} or
 * {@link IstioOperator#install}.
 */
public final class IstioTrafficRouter implements TrafficRouter {

    public static final String PROVIDER = "istio";

    private static final Logger LOG = LoggerFactory.getLogger(IstioTrafficRouter.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final IstioCaches caches;

    private IstioTrafficRouter(KubernetesClient client, IstioCaches caches) {
        this.client = Objects.requireNonNull(client, "client");
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    /** A router that reads from {@code caches} and writes with {@code client}. */
    public static IstioTrafficRouter of(KubernetesClient client, IstioCaches caches) {
        return new IstioTrafficRouter(client, caches);
    }

    /** A router that reads every object from the API server (for tools that run one tick and leave). */
    public static IstioTrafficRouter direct(KubernetesClient client) {
        return of(client, IstioCaches.direct(client));
    }

    /** The name of the VirtualService the router owns: the apex Service's. */
    public static String virtualServiceName(Canary canary) {
        return canary.spec().serviceName();
    }

    /**
     * The split {@code virtualService} routes for {@code canary}, as {@link #routes} reads it (for
     * tools that show a VirtualService, e.g. a demo); empty when it routes to neither side.
     */
    public static Optional<Routes> split(GenericKubernetesResource virtualService, Canary canary) {
        return VirtualServiceWeights.read(IstioResources.spec(virtualService), canary);
    }

    @Override
    public void reconcile(Canary canary) {
        // Rendered once before any write: a refused spec leaves every object as it was.
        VirtualServiceSpecs.render(canary, Routes.PRIMARY_ONLY);
        DestinationRuleSpecs.render(canary, canary.spec().primaryServiceName());
        // Flagger's order: the DestinationRules first, so that the VirtualService never names a host without one.
        reconcileDestinationRule(canary, canary.spec().canaryServiceName());
        reconcileDestinationRule(canary, canary.spec().primaryServiceName());
        Optional<GenericKubernetesResource> live = caches.virtualServices().get(canary.namespace(), virtualServiceName(canary));
        if (live.isEmpty()) {
            createVirtualService(canary, null);
            return;
        }
        apply(canary, live.get(), null);
    }

    @Override
    public Routes routes(Canary canary) {
        GenericKubernetesResource live = caches.virtualServices().get(canary.namespace(), virtualServiceName(canary))
                .orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND, "VirtualService " + dotted(canary)
                        + " not found", true));
        return split(live, canary).orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND, "VirtualService "
                + dotted(canary) + " does not contain routes for " + canary.spec().primaryServiceName() + " and "
                + canary.spec().canaryServiceName(), true));
    }

    @Override
    public void setRoutes(Canary canary, Routes split) {
        Objects.requireNonNull(split, "split");
        Optional<GenericKubernetesResource> live = caches.virtualServices().get(canary.namespace(), virtualServiceName(canary));
        if (live.isEmpty()) {
            createVirtualService(canary, split);
            return;
        }
        apply(canary, live.get(), split);
    }

    /**
     * revertOnDeletion: a taken-over VirtualService gets its original spec back (kubectl's
     * last-applied configuration first, else the copy kept at take-over, as Flagger's
     * {@code Finalize}); a VirtualService this Canary created is deleted, and so are its
     * DestinationRules (garbage collection would delete them with the Canary anyway; doing it here
     * does not depend on the collector). Objects the Canary does not own are left alone.
     */
    @Override
    public void revert(Canary canary) {
        Optional<GenericKubernetesResource> vs = caches.virtualServices().get(canary.namespace(), virtualServiceName(canary));
        if (vs.isPresent()) {
            Optional<Map<String, Object>> original = originalSpec(vs.get(), canary);
            if (original.isPresent()) {
                GenericKubernetesResource restored = SERIALIZATION.clone(vs.get());
                IstioResources.setSpec(restored, original.get());
                Map<String, String> annotations = new LinkedHashMap<>(map(restored.getMetadata().getAnnotations()));
                annotations.remove(IstioMetadata.ORIGINAL_CONFIGURATION);
                restored.getMetadata().setAnnotations(annotations);
                KubernetesCalls.run("restore VirtualService " + dotted(canary), () -> resources(IstioResources.virtualServices())
                        .resource(restored).update());
                LOG.info("canary={}/{} restored the original spec of VirtualService {}", canary.namespace(), canary.name(),
                        virtualServiceName(canary));
            } else if (CanaryOwners.isOwnedBy(vs.get().getMetadata(), canary)) {
                delete(canary, IstioResources.virtualServices(), vs.get());
            }
        }
        for (String host : List.of(canary.spec().canaryServiceName(), canary.spec().primaryServiceName())) {
            Optional<GenericKubernetesResource> rule = caches.destinationRules().get(canary.namespace(), host);
            if (rule.isPresent() && CanaryOwners.isOwnedBy(rule.get().getMetadata(), canary)) {
                delete(canary, IstioResources.destinationRules(), rule.get());
            }
        }
    }

    /**
     * Brings {@code live} to the wanted spec (and, on reconcile, metadata). {@code split} is the
     * split to set; null means the one in force (reconcile). One retry after a conflict, on a fresh read.
     */
    private void apply(Canary canary, GenericKubernetesResource live, @Nullable Routes split) {
        GenericKubernetesResource current = live;
        for (int attempt = 0; ; attempt++) {
            Map<String, Object> liveSpec = IstioResources.spec(current);
            Routes wantedSplit = split != null ? split : VirtualServiceWeights.read(liveSpec, canary).orElse(Routes.PRIMARY_ONLY);
            Map<String, Object> wanted = VirtualServiceSpecs.merged(liveSpec, VirtualServiceSpecs.render(canary, wantedSplit));
            SpecChange change = SpecChange.between(liveSpec, wanted);
            boolean metadataCurrent = split != null || RoutingMetadata.isCurrent(current.getMetadata(), canary);
            try {
                write(canary, current, wanted, change, metadataCurrent, split == null);
                return;
            } catch (KubernetesClientException e) {
                if (attempt > 0 || !KubernetesCalls.isStale(e, change instanceof SpecChange.Weights)) {
                    throw KubernetesCalls.translate("update VirtualService " + dotted(canary), e);
                }
                LOG.warn("canary={}/{} VirtualService {} changed while being written, retrying on a fresh read",
                        canary.namespace(), canary.name(), virtualServiceName(canary));
                current = caches.virtualServices().fresh(canary.namespace(), virtualServiceName(canary)).orElseThrow(() ->
                        KubernetesCalls.translate("update VirtualService " + dotted(canary), e));
            }
        }
    }

    private void write(Canary canary, GenericKubernetesResource live, Map<String, Object> wanted, SpecChange change,
            boolean metadataCurrent, boolean reconciling) {
        if (change instanceof SpecChange.None && metadataCurrent) {
            return;
        }
        if (change instanceof SpecChange.Weights weights && metadataCurrent) {
            LOG.debug("canary={}/{} patching VirtualService {} weights: {}", canary.namespace(), canary.name(),
                    virtualServiceName(canary), weights.patch());
            resources(IstioResources.virtualServices()).resource(live).patch(PatchContext.of(PatchType.JSON), weights.patch());
            return;
        }
        GenericKubernetesResource updated = SERIALIZATION.clone(live);
        IstioResources.setSpec(updated, wanted);
        if (!(change instanceof SpecChange.None)) {
            keepOriginal(canary, live, updated);
        }
        if (reconciling) {
            RoutingMetadata.apply(updated.getMetadata(), canary);
            LOG.info("canary={}/{} repairing drift in VirtualService {}", canary.namespace(), canary.name(), virtualServiceName(canary));
        }
        // PUT with the resourceVersion read: a concurrent writer makes it fail (409) instead of being overwritten.
        resources(IstioResources.virtualServices()).resource(updated).update();
    }

    /**
     * Taking over a VirtualService someone else created: its spec is kept in an annotation (once:
     * later repairs must not replace the user's spec with the router's), unless kubectl keeps it already.
     */
    private static void keepOriginal(Canary canary, GenericKubernetesResource live, GenericKubernetesResource updated) {
        Map<String, String> annotations = map(live.getMetadata().getAnnotations());
        if (CanaryOwners.isOwnedBy(live.getMetadata(), canary) || annotations.containsKey(IstioMetadata.LAST_APPLIED)
                || annotations.containsKey(IstioMetadata.ORIGINAL_CONFIGURATION)) {
            return;
        }
        Map<String, String> withOriginal = new LinkedHashMap<>(map(updated.getMetadata().getAnnotations()));
        withOriginal.put(IstioMetadata.ORIGINAL_CONFIGURATION, SERIALIZATION.asJson(IstioResources.spec(live)));
        updated.getMetadata().setAnnotations(withOriginal);
        LOG.info("canary={}/{} taking over VirtualService {}; its spec is kept in {}", canary.namespace(), canary.name(),
                virtualServiceName(canary), IstioMetadata.ORIGINAL_CONFIGURATION);
    }

    /** Creates the VirtualService with {@code split}; null (reconcile) means all traffic on the primary. */
    private void createVirtualService(Canary canary, @Nullable Routes split) {
        GenericKubernetesResource vs = new GenericKubernetesResourceBuilder().withApiVersion(IstioResources.API_VERSION)
                .withKind(IstioResources.VIRTUAL_SERVICE).withNewMetadata().withName(virtualServiceName(canary))
                .withNamespace(canary.namespace()).withLabels(RoutingMetadata.labels(canary))
                .withAnnotations(RoutingMetadata.annotations(canary)).withOwnerReferences(CanaryOwners.of(canary))
                .endMetadata().build();
        IstioResources.setSpec(vs, VirtualServiceSpecs.render(canary, split == null ? Routes.PRIMARY_ONLY : split));
        try {
            resources(IstioResources.virtualServices()).resource(vs).create();
            LOG.info("canary={}/{} created VirtualService {}", canary.namespace(), canary.name(), virtualServiceName(canary));
        } catch (KubernetesClientException e) {
            if (!KubernetesCalls.isAlreadyExists(e)) {
                throw KubernetesCalls.translate("create VirtualService " + dotted(canary), e);
            }
            // Created meanwhile (the cache had not seen it yet): bring the existing one up to date.
            GenericKubernetesResource existing = caches.virtualServices().fresh(canary.namespace(), virtualServiceName(canary))
                    .orElseThrow(() -> KubernetesCalls.translate("create VirtualService " + dotted(canary), e));
            apply(canary, existing, split);
        }
    }

    private void reconcileDestinationRule(Canary canary, String host) {
        Map<String, Object> rendered = DestinationRuleSpecs.render(canary, host);
        ObjectCache<GenericKubernetesResource> rules = caches.destinationRules();
        Optional<GenericKubernetesResource> live = rules.get(canary.namespace(), host);
        if (live.isEmpty()) {
            GenericKubernetesResource rule = new GenericKubernetesResourceBuilder().withApiVersion(IstioResources.API_VERSION)
                    .withKind(IstioResources.DESTINATION_RULE).withNewMetadata().withName(host).withNamespace(canary.namespace())
                    .withOwnerReferences(CanaryOwners.of(canary)).endMetadata().build();
            IstioResources.setSpec(rule, rendered);
            try {
                resources(IstioResources.destinationRules()).resource(rule).create();
                LOG.info("canary={}/{} created DestinationRule {}", canary.namespace(), canary.name(), host);
                return;
            } catch (KubernetesClientException e) {
                if (!KubernetesCalls.isAlreadyExists(e)) {
                    throw KubernetesCalls.translate("create DestinationRule " + host + "." + canary.namespace(), e);
                }
                live = rules.fresh(canary.namespace(), host);
            }
        }
        GenericKubernetesResource current = live.orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND,
                "DestinationRule " + host + "." + canary.namespace() + " vanished while being created", true));
        KubernetesCalls.writeOnFreshAfterConflict("update DestinationRule " + host + "." + canary.namespace(), current,
                () -> rules.fresh(canary.namespace(), host), rule -> repair(canary, rule, rendered));
    }

    private void repair(Canary canary, GenericKubernetesResource rule, Map<String, Object> rendered) {
        Map<String, Object> liveSpec = IstioResources.spec(rule);
        Map<String, Object> wanted = DestinationRuleSpecs.merged(liveSpec, rendered);
        if (Trees.copy(liveSpec).equals(wanted)) {
            return;
        }
        GenericKubernetesResource updated = SERIALIZATION.clone(rule);
        IstioResources.setSpec(updated, wanted);
        resources(IstioResources.destinationRules()).resource(updated).update();
        LOG.info("canary={}/{} repaired drift in DestinationRule {}", canary.namespace(), canary.name(), rule.getMetadata().getName());
    }

    /** The spec to restore on revert: kubectl's last-applied object's, else the one kept at take-over. */
    private static Optional<Map<String, Object>> originalSpec(GenericKubernetesResource vs, Canary canary) {
        Map<String, String> annotations = map(vs.getMetadata().getAnnotations());
        String key = annotations.containsKey(IstioMetadata.LAST_APPLIED) ? IstioMetadata.LAST_APPLIED
                : IstioMetadata.ORIGINAL_CONFIGURATION;
        String json = annotations.get(key);
        if (json == null) {
            return Optional.empty();
        }
        try {
            Map<String, Object> tree = Trees.map(SERIALIZATION.unmarshal(json, Map.class));
            return Optional.of(key.equals(IstioMetadata.LAST_APPLIED) ? Trees.map(tree.get("spec")) : tree);
        } catch (RuntimeException e) {
            throw new BackendException(KubernetesCalls.BACKEND, "VirtualService " + dotted(canary)
                    + " failed to unmarshal annotation " + key, false, e);
        }
    }

    private void delete(Canary canary, ResourceDefinitionContext kind, GenericKubernetesResource live) {
        KubernetesCalls.run("delete " + kind.getKind() + " " + live.getMetadata().getName() + "." + canary.namespace(),
                () -> resources(kind).resource(live).delete());
        LOG.info("canary={}/{} deleted {} {}", canary.namespace(), canary.name(), kind.getKind(), live.getMetadata().getName());
    }

    private io.fabric8.kubernetes.client.dsl.MixedOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> resources(ResourceDefinitionContext kind) {
        return client.genericKubernetesResources(kind);
    }

    private static Map<String, String> map(@Nullable Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static String dotted(Canary canary) {
        return virtualServiceName(canary) + "." + canary.namespace();
    }
}
