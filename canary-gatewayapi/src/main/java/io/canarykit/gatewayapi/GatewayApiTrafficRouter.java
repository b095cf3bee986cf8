package io.canarykit.gatewayapi;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.gatewayapi.internal.ParentReadiness;
import io.canarykit.gatewayapi.internal.RouteApi;
import io.canarykit.k8s.RoutingMetadata;
import io.canarykit.gatewayapi.internal.RouteSpecs;
import io.canarykit.gatewayapi.internal.RouteWeights;
import io.canarykit.gatewayapi.internal.SchemaFit;
import io.canarykit.gatewayapi.internal.SpecChange;
import io.canarykit.k8s.CanaryOwners;
import io.canarykit.k8s.KubernetesCalls;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrafficRouter} over a Gateway API {@code HTTPRoute} ({@code gateway.networking.k8s.io/v1})
 * named after the apex Service, in the Canary's namespace: Flagger's Gateway API router, with
 * minimal writes.
 *
 * <ul>
 *   <li>{@link #reconcile} creates the route, or repairs drift in it (parentRefs, hostnames,
 *       matches, filters, timeouts, labels and annotations) <em>with the split in force</em>:
 *       unlike Flagger, a repair in the middle of an analysis does not reset the weights.</li>
 *   <li>{@link #setRoutes} writes nothing when the route already has the split; a weight step is
 *       one JSON Patch of the weights; a new rule layout (mirroring, session affinity, A/B) is one
 *       PUT with the resourceVersion.</li>
 *   <li>{@link #routes} holds the tick (a retryable {@link BackendException}) until every parent
 *       Gateway has accepted the route's current generation. A parent that is a Service (a mesh
 *       route, GAMMA style: {@code gatewayRefs} of {@code kind: Service}, as Linkerd's tutorial
 *       writes them) is judged the same way on the status its mesh writes; Linkerd's carries no
 *       {@code observedGeneration}, and is taken on its {@code Accepted} status alone.</li>
 * </ul>
 *
 * <p>Reads go through an {@link ObjectCache} (see {@link HttpRouteCaches}); after a conflict the
 * route is read fresh, the change recomputed and written once more. Register it in front of the
 * Kubernetes Service router with {@link GatewayApiRouting#register}.
 */
public final class GatewayApiTrafficRouter implements TrafficRouter {

    /** {@code provider: gatewayapi}: in CanaryKit, Gateway API v1 (Flagger would fall back to Istio). */
    public static final String PROVIDER = "gatewayapi";
    public static final String PROVIDER_V1 = "gatewayapi:v1";
    /** The providers this router serves. */
    public static final List<String> PROVIDERS = List.of(PROVIDER, PROVIDER_V1);

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApiTrafficRouter.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final RouteApi api;
    private final ObjectCache<HTTPRoute> routes;
    private final HttpRouteSchema schema;
    /** The fields already reported as not served, so that each is logged once, not on every reconcile. */
    private final Set<String> reportedUnserved = ConcurrentHashMap.newKeySet();

    private GatewayApiTrafficRouter(RouteApi api, ObjectCache<HTTPRoute> routes, HttpRouteSchema schema) {
        this.api = api;
        this.routes = Objects.requireNonNull(routes, "routes");
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /**
     * A router that reads HTTPRoutes from {@code routes} and writes them with {@code client}, fitted
     * to the installed HTTPRoute CRD (read once, now: one GET).
     */
    public static GatewayApiTrafficRouter of(KubernetesClient client, ObjectCache<HTTPRoute> routes) {
        return of(client, routes, HttpRouteSchema.read(client));
    }

    /** A router that writes routes fitted to {@code schema} (e.g. {@link HttpRouteSchema#UNKNOWN}: as rendered). */
    public static GatewayApiTrafficRouter of(KubernetesClient client, ObjectCache<HTTPRoute> routes, HttpRouteSchema schema) {
        return of(client, routes, schema, GatewayApiVersion.V1);
    }

    /**
     * A router that writes HTTPRoutes in {@code version} ({@code v1beta1} for {@code gatewayapi:v1beta1}),
     * reading them from {@code routes} (see {@link HttpRouteCaches#direct(KubernetesClient, GatewayApiVersion)}).
     */
    public static GatewayApiTrafficRouter of(KubernetesClient client, ObjectCache<HTTPRoute> routes, HttpRouteSchema schema,
            GatewayApiVersion version) {
        return new GatewayApiTrafficRouter(new RouteApi(client, version), Objects.requireNonNull(routes, "routes"),
                Objects.requireNonNull(schema, "schema"));
    }

    /** A router that reads every HTTPRoute from the API server (for tools that run one tick and leave). */
    public static GatewayApiTrafficRouter direct(KubernetesClient client) {
        return of(client, HttpRouteCaches.direct(client));
    }

    @Override
    public void reconcile(Canary canary) {
        Optional<HTTPRoute> live = routes.get(canary.namespace(), name(canary));
        if (live.isEmpty()) {
            create(canary, Routes.PRIMARY_ONLY);
            return;
        }
        apply(canary, live.get(), null);
    }

    @Override
    public Routes routes(Canary canary) {
        HTTPRoute live = live(canary);
        if (ParentReadiness.of(live) instanceof ParentReadiness.NotReady notReady) {
            throw new BackendException(KubernetesCalls.BACKEND, notReady.message(), true);
        }
        return RouteWeights.read(live, canary).orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND,
                "HTTPRoute " + dotted(canary) + " has no rule routing to both " + canary.spec().primaryServiceName()
                        + " and " + canary.spec().canaryServiceName(), true));
    }

    @Override
    public void setRoutes(Canary canary, Routes split) {
        Objects.requireNonNull(split, "split");
        Optional<HTTPRoute> live = routes.get(canary.namespace(), name(canary));
        if (live.isEmpty()) {
            create(canary, split);
            return;
        }
        apply(canary, live.get(), split);
    }

    /**
     * revertOnDeletion: the route this Canary owns is deleted (garbage collection would delete it
     * with the Canary anyway; doing it here does not depend on the collector). A route the Canary
     * does not own is left alone.
     */
    @Override
    public void revert(Canary canary) {
        Optional<HTTPRoute> live = routes.get(canary.namespace(), name(canary));
        if (live.isPresent() && CanaryOwners.isOwnedBy(live.get().getMetadata(), canary)) {
            KubernetesCalls.call("delete HTTPRoute " + dotted(canary), () -> api.delete(live.get()));
            LOG.info("canary={}/{} deleted HTTPRoute {}", canary.namespace(), canary.name(), name(canary));
        }
    }

    /**
     * Brings {@code live} to the wanted spec (and, on reconcile, metadata). {@code split} is the
     * split to set; null means the one in force (reconcile). One retry after a conflict, on a
     * fresh read.
     */
    private void apply(Canary canary, HTTPRoute live, @Nullable Routes split) {
        HTTPRoute current = live;
        for (int attempt = 0; ; attempt++) {
            Routes wantedSplit = split != null ? split : inForce(current, canary);
            HTTPRouteSpec wanted = render(canary, wantedSplit);
            SpecChange change = SpecChange.between(current.getSpec(), wanted);
            boolean metadataCurrent = split != null || RoutingMetadata.isCurrent(current.getMetadata(), canary);
            try {
                write(canary, current, wanted, change, metadataCurrent, split == null);
                return;
            } catch (KubernetesClientException e) {
                if (attempt > 0 || !KubernetesCalls.isStale(e, change instanceof SpecChange.Weights)) {
                    throw KubernetesCalls.translate("update HTTPRoute " + dotted(canary), e);
                }
                LOG.warn("canary={}/{} HTTPRoute {} changed while being written, retrying on a fresh read",
                        canary.namespace(), canary.name(), name(canary));
                current = routes.fresh(canary.namespace(), name(canary)).orElseThrow(() ->
                        KubernetesCalls.translate("update HTTPRoute " + dotted(canary), e));
            }
        }
    }

    private void write(Canary canary, HTTPRoute live, HTTPRouteSpec wanted, SpecChange change, boolean metadataCurrent,
            boolean reconciling) {
        if (change instanceof SpecChange.None && metadataCurrent) {
            return;
        }
        if (change instanceof SpecChange.Weights weights && metadataCurrent) {
            LOG.debug("canary={}/{} patching HTTPRoute {} weights: {}", canary.namespace(), canary.name(), name(canary),
                    weights.patch());
            api.patch(live, weights.patch());
            return;
        }
        HTTPRoute updated = SERIALIZATION.clone(live);
        updated.setSpec(wanted);
        if (reconciling) {
            RoutingMetadata.apply(updated.getMetadata(), canary);
            LOG.info("canary={}/{} repairing drift in HTTPRoute {}", canary.namespace(), canary.name(), name(canary));
        }
        // PUT with the resourceVersion read: a concurrent writer makes it fail (409) instead of being overwritten.
        api.update(updated);
    }

    private void create(Canary canary, Routes split) {
        HTTPRoute route = new HTTPRouteBuilder().withNewMetadata().withName(name(canary)).withNamespace(canary.namespace())
                .withLabels(RoutingMetadata.labels(canary)).withAnnotations(RoutingMetadata.annotations(canary))
                .withOwnerReferences(CanaryOwners.of(canary)).endMetadata()
                .withSpec(render(canary, split)).build();
        try {
            api.create(route);
            LOG.info("canary={}/{} created HTTPRoute {}", canary.namespace(), canary.name(), name(canary));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw KubernetesCalls.translate("create HTTPRoute " + dotted(canary), e);
            }
            // Created meanwhile (the cache had not seen it yet): bring the existing one up to date.
            HTTPRoute existing = routes.fresh(canary.namespace(), name(canary)).orElseThrow(() ->
                    KubernetesCalls.translate("create HTTPRoute " + dotted(canary), e));
            apply(canary, existing, split);
        }
    }

    /**
     * The wanted spec, fitted to the installed CRD: what an older Gateway API would prune or refuse is
     * left out (and logged once), so the stored route is the written one and never reads as drift.
     */
    private HTTPRouteSpec render(Canary canary, Routes split) {
        SchemaFit.Fitted fitted = schema.fit(RouteSpecs.render(canary, split));
        for (String field : fitted.dropped()) {
            if (reportedUnserved.add(field)) {
                LOG.warn("canary={}/{} HTTPRoute {}: {} is not served by the installed Gateway API ({}); it is not written",
                        canary.namespace(), canary.name(), name(canary), field, schema.bundleVersion().orElse("unknown version"));
            }
        }
        return fitted.spec();
    }

    /** The split a reconcile keeps: the route's, or all-primary when the route has no weighted rule left. */
    private static Routes inForce(HTTPRoute live, Canary canary) {
        return RouteWeights.read(live, canary).orElse(Routes.PRIMARY_ONLY);
    }

    private HTTPRoute live(Canary canary) {
        return routes.get(canary.namespace(), name(canary)).orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND,
                "HTTPRoute " + dotted(canary) + " not found", true));
    }

    private static String name(Canary canary) {
        return canary.spec().serviceName();
    }

    private static String dotted(Canary canary) {
        return name(canary) + "." + canary.namespace();
    }
}
