package io.canarykit.knative;

import io.canarykit.api.BackendException;
import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.k8s.KubernetesCalls;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.knative.internal.KnativeService;
import io.canarykit.knative.internal.KnativeSpec;
import io.canarykit.knative.internal.ServicePatch;
import io.canarykit.knative.internal.ServiceWrites;
import io.canarykit.knative.internal.TrafficBlock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrafficRouter} for {@code provider: knative}, Flagger's {@code KnativeRouter}: the
 * split is the Knative Service's own {@code spec.traffic}, written as Flagger writes it,
 *
 * <pre>
 * traffic:
 *   - latestRevision: true        # the canary: the latest ready revision
 *     percent: 10
 *   - revisionName: podinfo-00001 # the primary: flagger.app/primary-revision
 *     latestRevision: false
 *     percent: 90
 * </pre>
 *
 * No Kubernetes Service is created (Flagger's KubernetesNoopRouter): Knative routes by itself.
 *
 * <ul>
 *   <li>{@link #reconcile} makes the latest created revision the primary while the canary
 *       initializes (Flagger's Initialize: annotation and a 100/0 block, one patch); later it
 *       only repairs: a missing annotation gets the revision the block pins, a block that is not
 *       of this shape gets the split the canary's status says is in force.</li>
 *   <li>{@link #routes} reads the block back from {@code spec.traffic} (Flagger reads
 *       {@code status.traffic}: the split Knative last applied, one reconciliation behind).</li>
 *   <li>{@link #setRoutes} writes nothing when the split is in force; otherwise one JSON Patch
 *       that tests the block it replaces. Reads come from an {@link ObjectCache}: with an
 *       informer, a weight step is that one PATCH and no GET. A stale read re-reads once and
 *       retries once.</li>
 *   <li>{@link #revert} (revertOnDeletion) gives the Service back to Knative: the annotation
 *       removed, all traffic to the latest revision (Flagger only removes the annotation and
 *       leaves the traffic pinned to the old primary).</li>
 * </ul>
 *
 * <p>A Knative Service splits by percent only: {@code analysis.match} (A/B testing),
 * {@code analysis.mirror} and {@code analysis.sessionAffinity} are refused with an
 * {@link InvalidCanarySpecException} naming the field, where Flagger ignores them.
 */
public final class KnativeTrafficRouter implements TrafficRouter {

    public static final String PROVIDER = "knative";

    private static final Logger LOG = LoggerFactory.getLogger(KnativeTrafficRouter.class);

    private final ServiceWrites services;

    private KnativeTrafficRouter(ServiceWrites services) {
        this.services = services;
    }

    /** A router reading Knative Services from {@code services} (see {@link KnativeServices}). */
    public static KnativeTrafficRouter of(KubernetesClient client, ObjectCache<GenericKubernetesResource> services) {
        return new KnativeTrafficRouter(new ServiceWrites(client, KnativeServices.SERVICES, services));
    }

    /** A router that reads every Service from the API server (for tools that run one tick and leave). */
    public static KnativeTrafficRouter direct(KubernetesClient client) {
        return of(client, KnativeServices.direct(client));
    }

    @Override
    public void reconcile(Canary canary) {
        KnativeSpec.requireExpressible(canary);
        KnativeService cached = service(canary);
        boolean initializing = KnativeSpec.isInitializing(canary);
        boolean written = services.patch("reconcile", cached, current -> {
            String primary = (initializing ? current.initialPrimary()
                    : current.primaryRevision().or(() -> TrafficBlock.pinnedRevision(current.traffic())).or(current::currentRevision))
                    .orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND, "Knative Service " + current.dotted()
                            + " has no revision yet: waiting for Knative to create its first revision", true));
            boolean newPrimary = !primary.equals(current.primaryRevision().orElse(null));
            ServicePatch patch = ServicePatch.on(current).primaryRevision(primary);
            if (initializing && newPrimary) {
                // Flagger's Initialize: a new primary starts with all the traffic.
                return patch.traffic(TrafficBlock.of(primary, Routes.PRIMARY_ONLY));
            }
            if (TrafficBlock.read(current.traffic(), primary).isEmpty()) {
                patch.traffic(TrafficBlock.of(primary, initializing ? Routes.PRIMARY_ONLY : KnativeSpec.splitOfStatus(canary)));
            }
            return patch;
        });
        if (written) {
            LOG.info("canary={}/{} reconciled Knative Service {}", canary.namespace(), canary.name(), cached.dotted());
        }
    }

    @Override
    public Routes routes(Canary canary) {
        KnativeService service = service(canary);
        String primary = primary(service);
        return TrafficBlock.read(service.traffic(), primary).orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND,
                "Knative Service " + service.dotted() + " traffic spec invalid: expected the latest revision and " + primary
                        + " sharing 100%, got " + service.traffic(), true));
    }

    @Override
    public void setRoutes(Canary canary, Routes routes) {
        Objects.requireNonNull(routes, "routes");
        KnativeSpec.requireExpressible(canary);
        if (routes.mirrored()) {
            throw new InvalidCanarySpecException("spec.analysis.mirror: traffic mirroring is not supported by provider knative");
        }
        KnativeService cached = service(canary);
        services.patch("set routes", cached, current -> ServicePatch.on(current).traffic(TrafficBlock.of(primary(current), routes)));
    }

    @Override
    public void revert(Canary canary) {
        Optional<KnativeService> cached = services.find(canary.namespace(), canary.spec().targetRef().name());
        // A Service deleted with (or before) the Canary has nothing to give back.
        cached.ifPresent(service -> {
            if (services.patch("revert", service, current -> ServicePatch.on(current).withoutPrimaryRevision()
                    .traffic(TrafficBlock.latestOnly()))) {
                LOG.info("canary={}/{} gave Knative Service {} back to Knative: all traffic to the latest revision",
                        canary.namespace(), canary.name(), service.dotted());
            }
        });
    }

    private static String primary(KnativeService service) {
        return service.primaryRevision().orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND, "Knative Service "
                + service.dotted() + " annotation " + KnativeService.PRIMARY_REVISION + " not found", true));
    }

    private KnativeService service(Canary canary) {
        return services.read(canary.namespace(), canary.spec().targetRef().name());
    }
}
