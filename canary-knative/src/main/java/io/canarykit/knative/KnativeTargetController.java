package io.canarykit.knative;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.k8s.KubernetesCalls;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.k8s.internal.Hashing;
import io.canarykit.knative.internal.KnativeService;
import io.canarykit.knative.internal.KnativeSpec;
import io.canarykit.knative.internal.RevisionReadiness;
import io.canarykit.knative.internal.ServicePatch;
import io.canarykit.knative.internal.ServiceWrites;
import io.canarykit.knative.internal.TrafficBlock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TargetController} for a Knative Service target ({@code serving.knative.dev/v1}
 * {@code Service}), Flagger's {@code KnativeController}. There is no primary workload to create:
 * the primary is the last promoted Revision, named by the Service's
 * {@code flagger.app/primary-revision} annotation; the canary is the latest created Revision.
 *
 * <ul>
 *   <li>{@link #initialize} writes nothing: the router makes the latest revision the primary
 *       (annotation and traffic block in one patch) when it first reconciles.</li>
 *   <li>Readiness comes from the Revisions' conditions ({@link RevisionReadiness}); the canary is
 *       not ready while Knative has not reconciled the Service's current generation, since until
 *       then the latest created revision may be the previous one.</li>
 *   <li>{@link #revision} hashes {@code spec.template} (what a new revision is made of), so a
 *       change is seen as soon as it is applied; traffic writes do not change it. No ConfigMaps
 *       or Secrets are tracked (as Flagger).</li>
 *   <li>{@link #promote} makes the latest created revision the primary: one patch of the
 *       annotation and of the traffic block's primary entry, keeping the split, so that both
 *       entries name the promoted revision and all traffic reaches it.</li>
 *   <li>{@link #scaleToZero}, {@link #scaleFromZero} and {@link #revert} do nothing, as in
 *       Flagger: Knative scales revisions by their traffic, and the router's revert restores
 *       the traffic block.</li>
 * </ul>
 */
public final class KnativeTargetController implements TargetController {

    /** The key of this controller in {@link io.canarykit.k8s.TargetControllers}: a Knative Service, not a core one. */
    public static final String TARGET_KIND = "Service.serving.knative.dev";

    private static final Logger LOG = LoggerFactory.getLogger(KnativeTargetController.class);

    private final ServiceWrites services;
    private final ObjectCache<GenericKubernetesResource> revisions;
    private final Clock clock;

    private KnativeTargetController(ServiceWrites services, ObjectCache<GenericKubernetesResource> revisions, Clock clock) {
        this.services = services;
        this.revisions = Objects.requireNonNull(revisions, "revisions");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A controller reading Services and Revisions from these caches (see {@link KnativeServices}). */
    public static KnativeTargetController of(KubernetesClient client, ObjectCache<GenericKubernetesResource> services,
            ObjectCache<GenericKubernetesResource> revisions, Clock clock) {
        return new KnativeTargetController(new ServiceWrites(client, KnativeServices.SERVICES, services), revisions, clock);
    }

    /** A controller that reads everything from the API server (for tools that run one tick and leave). */
    public static KnativeTargetController direct(KubernetesClient client, Clock clock) {
        return of(client, KnativeServices.direct(client), KnativeServices.directRevisions(client), clock);
    }

    @Override
    public void initialize(Canary canary) {
        KnativeSpec.requireExpressible(canary);
        service(canary);
    }

    @Override
    public Readiness isPrimaryReady(Canary canary) {
        KnativeService service = service(canary);
        // While initializing, the latest revision is about to become the primary (the router's first reconcile).
        Optional<String> primary = KnativeSpec.isInitializing(canary) ? service.initialPrimary()
                : service.primaryRevision().or(service::currentRevision);
        if (primary.isEmpty()) {
            return Readiness.notReady("Knative Service " + service.dotted() + " has no primary revision yet: waiting for Knative "
                    + "to create its first revision", true);
        }
        return revisionReadiness(canary, primary.get());
    }

    @Override
    public Readiness isCanaryReady(Canary canary) {
        KnativeService service = service(canary);
        if (!service.isReconciled()) {
            return Readiness.notReady("Knative Service " + service.dotted() + " not ready: waiting for Knative to reconcile "
                    + "generation " + service.resource().getMetadata().getGeneration(), true);
        }
        Optional<String> latest = service.latestCreatedRevision();
        if (latest.isEmpty()) {
            return Readiness.notReady("Knative Service " + service.dotted() + " has no revision yet", true);
        }
        return revisionReadiness(canary, latest.get());
    }

    @Override
    public TargetRevision revision(Canary canary) {
        return new TargetRevision(Hashing.specHash(service(canary).template()), Map.of());
    }

    @Override
    public void promote(Canary canary) {
        KnativeService cached = service(canary);
        boolean written = services.patch("promote", cached, current -> {
            String promoted = current.latestCreatedRevision().orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND,
                    "Knative Service " + current.dotted() + " has no revision to promote", true));
            Routes split = current.primaryRevision().flatMap(p -> TrafficBlock.read(current.traffic(), p)).orElse(Routes.PRIMARY_ONLY);
            return ServicePatch.on(current).primaryRevision(promoted).traffic(TrafficBlock.of(promoted, split));
        });
        if (written) {
            LOG.info("canary={}/{} promoted revision {} of Knative Service {}", canary.namespace(), canary.name(),
                    cached.latestCreatedRevision().orElse("?"), cached.dotted());
        }
    }

    /**
     * The canary's revision, Knative's {@code status.latestCreatedRevisionName}: what Flagger renders
     * as the {@code route} variable of metric queries for a Knative target (its builtin Knative
     * queries select {@code envoy_cluster_name=~"<namespace>/<route>"}).
     */
    public Optional<String> canaryRevision(Canary canary) {
        return service(canary).latestCreatedRevision();
    }

    /** Metric templates see the canary's revision as {@code {{ route }}}, as in Flagger. */
    @Override
    public Optional<String> metricsRoute(Canary canary) {
        return canaryRevision(canary);
    }

    @Override
    public void scaleToZero(Canary canary) {
        // Knative scales a revision without traffic to zero by itself (Flagger's ScaleToZero is a no-op too).
    }

    @Override
    public void scaleFromZero(Canary canary) {
        // Knative scales a revision up when traffic reaches it (Flagger's ScaleFromZero is a no-op too).
    }

    @Override
    public void revert(Canary canary) {
        // The Service is the workload itself: nothing to hand back. The router's revert restores the traffic.
    }

    private Readiness revisionReadiness(Canary canary, String name) {
        Optional<GenericKubernetesResource> revision = revisions.get(canary.namespace(), name);
        if (revision.isEmpty()) {
            return Readiness.notReady("Knative Revision " + name + "." + canary.namespace() + " not found", true);
        }
        return RevisionReadiness.check(revision.get(), canary.spec().progressDeadline(), clock.instant());
    }

    private KnativeService service(Canary canary) {
        return services.read(canary.namespace(), canary.spec().targetRef().name());
    }
}
