package io.canarykit.k8s;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.AutoscalerRef;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.k8s.internal.AutoscalingApi;
import io.canarykit.k8s.internal.ConfigTracker;
import io.canarykit.k8s.internal.DeploymentReadiness;
import io.canarykit.k8s.internal.Hashing;
import io.canarykit.k8s.CanaryOwners;
import io.canarykit.k8s.internal.PrimaryDeployments;
import io.canarykit.k8s.internal.ScaledObjects;
import io.canarykit.k8s.internal.SelectorLabels;
import io.canarykit.k8s.internal.ServedAutoscalers;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TargetController} for a Deployment target (Flagger's {@code DeploymentController}):
 * the {@code <target>-primary} Deployment, readiness with the ready thresholds and the progress
 * deadline, revision detection, promotion with {@code -primary} config copies, scaling to and from
 * zero, and the primary HorizontalPodAutoscaler of {@code autoscalerRef}.
 *
 * <p>Reads come from the {@link KubernetesCaches}; writes are creates, PUTs carrying the cached
 * resourceVersion (a 409 re-reads the object and writes once more) and JSON Patches. An idle tick
 * writes nothing: every write is skipped when the object already has the wanted content.
 *
 * <p>HorizontalPodAutoscalers are read and written in the {@code autoscaling} version the API
 * server serves ({@code autoscaling/v2}, else {@code autoscaling/v2beta2}, see
 * {@link KubernetesCaches#autoscalers()}); the primary HPA is created in that version. The
 * {@code apiVersion} of {@code autoscalerRef} (Flagger accepts {@code autoscaling/v2} and
 * {@code autoscaling/v2beta2}) does not choose the version: when the one it names is not served,
 * the served one is used, because the object is the same object in both versions. When neither is
 * served, a canary with a HorizontalPodAutoscaler {@code autoscalerRef} fails with a non-retryable
 * {@link BackendException} saying so.
 *
 * <p>A KEDA {@code ScaledObject} {@code autoscalerRef} (Flagger's {@code ScaledObjectReconciler})
 * gets a primary {@code <name>-primary} ScaledObject scaling {@code <target>-primary} (see
 * {@link ScaledObjects}), created at initialization and updated at promotion when its spec drifted.
 * The target's ScaledObject is paused ({@code autoscaling.keda.sh/paused-replicas: "0"}) whenever
 * the canary is scaled to zero, and resumed before the canary is scaled up and when the target is
 * reverted. On an API server without KEDA such a canary fails with a non-retryable
 * {@link BackendException} saying so; a missing ScaledObject is a retryable one naming it.
 */
public final class DeploymentTargetController implements TargetController {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentTargetController.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final int UNPROCESSABLE = 422;

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final Clock clock;
    private final SelectorLabels selectorLabels;
    private final PrimaryDeployments primaries;
    private final ConfigTracker configs;
    /** The pod template's hash, computed (a JSON rendering) once per version of the target, not once per tick. */
    private final PerResourceVersion<Deployment, String> specHashes =
            new PerResourceVersion<>(target -> Hashing.specHash(target.getSpec().getTemplate()));

    private DeploymentTargetController(Builder b) {
        this.caches = b.caches;
        this.client = b.caches.client();
        this.clock = b.clock;
        this.selectorLabels = new SelectorLabels(b.selectorLabels);
        this.primaries = new PrimaryDeployments(b.includeLabelPrefixes, b.ids);
        this.configs = new ConfigTracker(client, caches.configMaps(), caches.secrets());
    }

    public static Builder builder(KubernetesCaches caches) {
        return new Builder(caches);
    }

    @Override
    public void initialize(Canary canary) {
        String ns = canary.namespace();
        Deployment target = target(canary);
        SelectorLabels.Selector selector = selectorLabels.of(target);
        if (caches.deployments().get(ns, canary.spec().primaryTargetName()).isEmpty()) {
            configs.copyToPrimary(canary, ns, target.getSpec().getTemplate().getSpec());
            PodSpec podSpec = PrimaryDeployments.copyPodSpec(target);
            configs.rewriteForPrimary(ns, podSpec);
            Deployment primary = primaries.create(canary, target, selector, podSpec);
            try {
                client.apps().deployments().resource(primary).create();
                LOG.info("canary={}/{} created deployment {}", ns, canary.name(), primary.getMetadata().getName());
            } catch (KubernetesClientException e) {
                // 409: it exists and the cache has not seen it yet; Initialize never updates a primary.
                if (!KubernetesCalls.isAlreadyExists(e)) {
                    throw KubernetesCalls.translate("create deployment " + ns + "/" + primary.getMetadata().getName(), e);
                }
            }
        }
        reconcileAutoscaler(canary, true);
    }

    @Override
    public Readiness isPrimaryReady(Canary canary) {
        String name = canary.spec().primaryTargetName();
        Optional<Deployment> primary = caches.deployments().get(canary.namespace(), name);
        if (primary.isEmpty()) {
            return Readiness.notReady("deployment " + name + "." + canary.namespace() + " not found", true);
        }
        return wrap(DeploymentReadiness.check(primary.get(), canary.spec().progressDeadline(),
                canary.analysis().primaryReadyThresholdOrDefault(), clock.instant()),
                name + "." + canary.namespace() + " not ready: ");
    }

    @Override
    public Readiness isCanaryReady(Canary canary) {
        String name = canary.spec().targetRef().name();
        Optional<Deployment> target = caches.deployments().get(canary.namespace(), name);
        if (target.isEmpty()) {
            return Readiness.notReady("deployment " + name + "." + canary.namespace() + " not found", true);
        }
        return wrap(DeploymentReadiness.check(target.get(), canary.spec().progressDeadline(),
                canary.analysis().canaryReadyThresholdOrDefault(), clock.instant()),
                "canary deployment " + name + "." + canary.namespace() + " not ready: ");
    }

    @Override
    public TargetRevision revision(Canary canary) {
        Deployment target = target(canary);
        return new TargetRevision(specHashes.of(target),
                configs.checksums(canary.namespace(), target.getSpec().getTemplate().getSpec()));
    }

    @Override
    public void promote(Canary canary) {
        String ns = canary.namespace();
        Deployment target = target(canary);
        SelectorLabels.Selector selector = selectorLabels.of(target);
        configs.copyToPrimary(canary, ns, target.getSpec().getTemplate().getSpec());
        String name = canary.spec().primaryTargetName();
        Deployment primary = caches.deployments().get(ns, name)
                .orElseThrow(() -> new BackendException(KubernetesCalls.BACKEND, "deployment " + name + "." + ns + " not found", true));
        KubernetesCalls.writeOnFreshAfterConflict("promote " + ns + "/" + name, primary, () -> caches.deployments().fresh(ns, name),
                base -> client.apps().deployments().resource(promoted(canary, base, target, selector)).update());
        reconcileAutoscaler(canary, false);
    }

    @Override
    public void scaleToZero(Canary canary) {
        Deployment target = target(canary);
        pauseScaledObject(canary);
        if (Objects.requireNonNullElse(target.getSpec().getReplicas(), 1) == 0) {
            return;
        }
        setReplicas(target, 0);
    }

    @Override
    public void scaleFromZero(Canary canary) {
        Deployment target = target(canary);
        Integer current = target.getSpec().getReplicas();
        resumeScaledObject(canary);
        if (current != null && current > 0) {
            return;
        }
        setReplicas(target, replicasFromZero(canary));
    }

    @Override
    public void revert(Canary canary) {
        Deployment target = target(canary);
        // Flagger's finalizer resumes the target scaler so that the target is not stuck at 0 replicas.
        resumeScaledObject(canary);
        Optional<Deployment> primary = caches.deployments().get(canary.namespace(), canary.spec().primaryTargetName());
        int replicas = primary.map(p -> Objects.requireNonNullElse(p.getSpec().getReplicas(), 1)).orElseGet(() -> replicasFromZero(canary));
        if (!Integer.valueOf(replicas).equals(target.getSpec().getReplicas())) {
            setReplicas(target, replicas);
        }
    }

    /**
     * Flagger's ScaleFromZero rule: the HPA's minReplicas (the ScaledObject's minReplicaCount), else
     * the primary's replicas, else 1.
     */
    private int replicasFromZero(Canary canary) {
        AutoscalerRef ref = canary.spec().autoscalerRef();
        if (ref != null && AutoscalingApi.KIND.equals(ref.kind())) {
            requireAutoscaling(canary, ref);
            return caches.autoscalers().get(canary.namespace(), ref.name())
                    .map(h -> h.getSpec().getMinReplicas()).filter(m -> m != null && m > 1).orElse(1);
        }
        if (ref != null && ScaledObjects.KIND.equals(ref.kind())) {
            requireKeda(canary, ref);
            return caches.scaledObjects().get(canary.namespace(), ref.name())
                    .flatMap(ScaledObjects::minReplicaCount).filter(m -> m > 1).orElse(1);
        }
        if (ref == null) {
            return caches.deployments().get(canary.namespace(), canary.spec().primaryTargetName())
                    .map(p -> p.getSpec().getReplicas()).filter(r -> r != null && r > 0).orElse(1);
        }
        return 1;
    }

    private Deployment promoted(Canary canary, Deployment primary, Deployment target, SelectorLabels.Selector selector) {
        Deployment copy = SERIALIZATION.clone(primary);
        PodSpec podSpec = PrimaryDeployments.copyPodSpec(target);
        configs.rewriteForPrimary(canary.namespace(), podSpec);
        primaries.apply(copy, target, selector, podSpec, canary.spec().autoscalerRef() == null);
        return copy;
    }

    private void setReplicas(Deployment target, int replicas) {
        String patch = "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":" + replicas + "}]";
        KubernetesCalls.run("scale deployment " + target.getMetadata().getNamespace() + "/" + target.getMetadata().getName(),
                () -> client.apps().deployments().resource(target).patch(PatchContext.of(PatchType.JSON), patch));
    }

    /** The primary HPA ({@code <hpa>-primary} scaling {@code <target>-primary}); updated only outside initialization. */
    private void reconcileAutoscaler(Canary canary, boolean init) {
        AutoscalerRef ref = canary.spec().autoscalerRef();
        if (ref != null && ScaledObjects.KIND.equals(ref.kind())) {
            reconcileScaledObject(canary, ref, init);
            return;
        }
        if (ref == null || !AutoscalingApi.KIND.equals(ref.kind())) {
            return;
        }
        ServedAutoscalers autoscalers = new ServedAutoscalers(client, requireAutoscaling(canary, ref));
        String ns = canary.namespace();
        HorizontalPodAutoscaler source = caches.autoscalers().get(ns, ref.name()).orElseThrow(() ->
                new BackendException(KubernetesCalls.BACKEND, "HorizontalPodAutoscaler " + ref.name() + "." + ns + " not found", true));
        HorizontalPodAutoscaler wanted = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName(ref.name() + "-primary").withNamespace(ns)
                .withLabels(source.getMetadata().getLabels()).withOwnerReferences(CanaryOwners.of(canary)).endMetadata()
                .withSpec(SERIALIZATION.clone(source.getSpec())).build();
        wanted.getSpec().getScaleTargetRef().setName(canary.spec().primaryTargetName());
        if (ref.primaryScalerReplicas() != null) {
            if (ref.primaryScalerReplicas().minReplicas() != null) {
                wanted.getSpec().setMinReplicas(ref.primaryScalerReplicas().minReplicas());
            }
            if (ref.primaryScalerReplicas().maxReplicas() != null) {
                wanted.getSpec().setMaxReplicas(ref.primaryScalerReplicas().maxReplicas());
            }
        }
        Optional<HorizontalPodAutoscaler> existing = caches.autoscalers().get(ns, ref.name() + "-primary");
        if (existing.isEmpty()) {
            try {
                autoscalers.create(wanted);
            } catch (KubernetesClientException e) {
                if (!KubernetesCalls.isAlreadyExists(e)) {
                    throw KubernetesCalls.translate("create hpa " + ns + "/" + ref.name() + "-primary", e);
                }
            }
            return;
        }
        if (init || Objects.equals(existing.get().getSpec(), wanted.getSpec())) {
            return;
        }
        wanted.getMetadata().setResourceVersion(existing.get().getMetadata().getResourceVersion());
        KubernetesCalls.run("update hpa " + ns + "/" + ref.name() + "-primary",
                () -> autoscalers.update(wanted));
    }

    /**
     * The primary ScaledObject ({@code <so>-primary} scaling {@code <target>-primary}); like the
     * primary HPA, updated only outside initialization and only when its spec drifted.
     */
    private void reconcileScaledObject(Canary canary, AutoscalerRef ref, boolean init) {
        requireKeda(canary, ref);
        String ns = canary.namespace();
        String name = ref.name() + "-primary";
        GenericKubernetesResource wanted = ScaledObjects.primary(canary, ref, targetScaledObject(canary, ref));
        Optional<GenericKubernetesResource> existing = caches.scaledObjects().get(ns, name);
        if (existing.isEmpty()) {
            try {
                client.genericKubernetesResources(ScaledObjects.CONTEXT).resource(wanted).create();
                LOG.info("canary={}/{} created ScaledObject {}", ns, canary.name(), name);
            } catch (KubernetesClientException e) {
                if (!KubernetesCalls.isAlreadyExists(e)) {
                    throw KubernetesCalls.translate("create ScaledObject " + ns + "/" + name, e);
                }
            }
            return;
        }
        if (init || ScaledObjects.spec(existing.get()).equals(ScaledObjects.spec(wanted))) {
            return;
        }
        KubernetesCalls.writeOnFreshAfterConflict("update ScaledObject " + ns + "/" + name, existing.get(),
                () -> caches.scaledObjects().fresh(ns, name),
                base -> client.genericKubernetesResources(ScaledObjects.CONTEXT).resource(ScaledObjects.updated(base, wanted)).update());
        LOG.info("canary={}/{} updated ScaledObject {}", ns, canary.name(), name);
    }

    /** Flagger's PauseTargetScaler: KEDA holds the target at zero replicas while the canary is idle. */
    private void pauseScaledObject(Canary canary) {
        AutoscalerRef ref = canary.spec().autoscalerRef();
        if (ref == null || !ScaledObjects.KIND.equals(ref.kind())) {
            return;
        }
        requireKeda(canary, ref);
        if (!needsWrite(canary, ref, ScaledObjects::isPausedAtZero)) {
            return;
        }
        String ns = canary.namespace();
        KubernetesCalls.run("pause ScaledObject " + ns + "/" + ref.name(),
                () -> client.genericKubernetesResources(ScaledObjects.CONTEXT).inNamespace(ns).withName(ref.name())
                        .patch(PatchContext.of(PatchType.JSON_MERGE), ScaledObjects.pausePatch()));
        LOG.debug("canary={}/{} paused ScaledObject {}", ns, canary.name(), ref.name());
    }

    /** Flagger's ResumeTargetScaler: KEDA scales the target again. */
    private void resumeScaledObject(Canary canary) {
        AutoscalerRef ref = canary.spec().autoscalerRef();
        if (ref == null || !ScaledObjects.KIND.equals(ref.kind())) {
            return;
        }
        requireKeda(canary, ref);
        if (!needsWrite(canary, ref, so -> !ScaledObjects.hasPausedReplicas(so))) {
            return;
        }
        String ns = canary.namespace();
        try {
            client.genericKubernetesResources(ScaledObjects.CONTEXT).inNamespace(ns).withName(ref.name())
                    .patch(PatchContext.of(PatchType.JSON), ScaledObjects.resumePatch());
            LOG.debug("canary={}/{} resumed ScaledObject {}", ns, canary.name(), ref.name());
        } catch (KubernetesClientException e) {
            // 422: the annotation is already gone (the cache was behind): resumed, as wanted.
            if (e.getCode() != UNPROCESSABLE) {
                throw KubernetesCalls.translate("resume ScaledObject " + ns + "/" + ref.name(), e);
            }
        }
    }

    /**
     * Whether the target's ScaledObject is not yet {@code done}. A write the cache says is needed is
     * made; one it says is not is skipped only when a fresh read agrees, because a cache still behind
     * an earlier pause or resume must not leave the target paused, or scaling, against the phase.
     */
    private boolean needsWrite(Canary canary, AutoscalerRef ref, Predicate<GenericKubernetesResource> done) {
        if (!done.test(targetScaledObject(canary, ref))) {
            return true;
        }
        return caches.scaledObjects().fresh(canary.namespace(), ref.name()).map(so -> !done.test(so)).orElse(false);
    }

    private GenericKubernetesResource targetScaledObject(Canary canary, AutoscalerRef ref) {
        String ns = canary.namespace();
        return caches.scaledObjects().get(ns, ref.name()).orElseThrow(() ->
                new BackendException(KubernetesCalls.BACKEND, "ScaledObject " + ref.name() + "." + ns + " not found", true));
    }

    /** KEDA must be installed; a non-retryable failure naming the problem when it is not. */
    private void requireKeda(Canary canary, AutoscalerRef ref) {
        if (!caches.scaledObjectsServed()) {
            throw new BackendException(KubernetesCalls.BACKEND, "ScaledObject autoscalerRef " + canary.namespace() + "/"
                    + ref.name() + ": this API server does not serve keda.sh/v1alpha1 ScaledObjects (is KEDA installed?)", false);
        }
    }

    /** The served autoscaling version; a non-retryable failure naming the problem when there is none. */
    private AutoscalingApi requireAutoscaling(Canary canary, AutoscalerRef ref) {
        AutoscalingApi api = caches.autoscalingApi();
        if (!api.isServed()) {
            throw new BackendException(KubernetesCalls.BACKEND, "HorizontalPodAutoscaler autoscalerRef " + canary.namespace() + "/"
                    + ref.name() + ": this API server serves neither autoscaling/v2 nor autoscaling/v2beta2", false);
        }
        return api;
    }

    private Deployment target(Canary canary) {
        String name = canary.spec().targetRef().name();
        return caches.deployments().get(canary.namespace(), name).orElseThrow(() ->
                new BackendException(KubernetesCalls.BACKEND, "deployment " + name + "." + canary.namespace() + " not found", true));
    }

    private static Readiness wrap(Readiness readiness, String prefix) {
        if (readiness instanceof Readiness.NotReady notReady) {
            return Readiness.notReady(prefix + notReady.message(), notReady.retriable());
        }
        return readiness;
    }

    /** Options of a {@link DeploymentTargetController}. */
    public static final class Builder extends WorkloadControllerBuilder<Builder, DeploymentTargetController> {

        private Builder(KubernetesCaches caches) {
            super(caches);
        }

        @Override
        public DeploymentTargetController build() {
            return new DeploymentTargetController(this);
        }

        @Override
        Builder self() {
            return this;
        }
    }
}
