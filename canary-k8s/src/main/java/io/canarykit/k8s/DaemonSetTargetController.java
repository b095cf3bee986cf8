package io.canarykit.k8s;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.k8s.internal.ConfigTracker;
import io.canarykit.k8s.internal.DaemonSetReadiness;
import io.canarykit.k8s.internal.Hashing;
import io.canarykit.k8s.internal.PrimaryDaemonSets;
import io.canarykit.k8s.internal.PrimaryDeployments;
import io.canarykit.k8s.internal.SelectorLabels;
import io.canarykit.k8s.internal.Workload;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TargetController} for a DaemonSet target (Flagger's {@code DaemonSetController}): the
 * {@code <target>-primary} DaemonSet, readiness from {@code desiredNumberScheduled},
 * {@code updatedNumberScheduled} and {@code numberAvailable} with the deadline counted from the
 * Canary's {@code status.lastTransitionTime}, revision detection, promotion with {@code -primary}
 * config copies, and scaling to zero by the node selector {@code flagger.app/scale-to-zero: "true"}
 * (a DaemonSet has no replicas), which is not part of the revision.
 *
 * <p>Reads come from the {@link KubernetesCaches}; writes are creates, PUTs carrying the cached
 * resourceVersion (a 409 re-reads the object and writes once more) and JSON Patches. An idle tick
 * writes nothing.
 */
public final class DaemonSetTargetController implements TargetController {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonSetTargetController.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String NODE_SELECTOR = "/spec/template/spec/nodeSelector";
    private static final String SCALE_TO_ZERO_PATH = NODE_SELECTOR + "/" + PrimaryDaemonSets.SCALE_TO_ZERO.replace("/", "~1");

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final Clock clock;
    private final SelectorLabels selectorLabels;
    private final PrimaryDaemonSets primaries;
    private final ConfigTracker configs;
    /** The pod template's hash, computed (a JSON rendering) once per version of the target, not once per tick. */
    private final PerResourceVersion<DaemonSet, String> specHashes =
            new PerResourceVersion<>(target -> Hashing.specHash(PrimaryDaemonSets.revisionTemplate(target)));

    private DaemonSetTargetController(Builder b) {
        this.caches = b.caches;
        this.client = b.caches.client();
        this.clock = b.clock;
        this.selectorLabels = new SelectorLabels(b.selectorLabels);
        this.primaries = new PrimaryDaemonSets(new PrimaryDeployments(b.includeLabelPrefixes, b.ids));
        this.configs = new ConfigTracker(client, caches.configMaps(), caches.secrets());
    }

    public static Builder builder(KubernetesCaches caches) {
        return new Builder(caches);
    }

    @Override
    public void initialize(Canary canary) {
        String ns = canary.namespace();
        DaemonSet target = target(canary);
        if (caches.daemonSets().get(ns, canary.spec().primaryTargetName()).isPresent()) {
            return;
        }
        SelectorLabels.Selector selector = selectorLabels.of(Workload.of(target));
        PodSpec podSpec = PrimaryDaemonSets.copyPodSpec(target);
        configs.copyToPrimary(canary, ns, podSpec);
        configs.rewriteForPrimary(ns, podSpec);
        DaemonSet primary = primaries.create(canary, target, selector, podSpec);
        try {
            client.apps().daemonSets().resource(primary).create();
            LOG.info("canary={}/{} created daemonset {}", ns, canary.name(), primary.getMetadata().getName());
        } catch (KubernetesClientException e) {
            // 409: it exists and the cache has not seen it yet; Initialize never updates a primary.
            if (!KubernetesCalls.isAlreadyExists(e)) {
                throw KubernetesCalls.translate("create daemonset " + ns + "/" + primary.getMetadata().getName(), e);
            }
        }
    }

    /** Flagger ignores the retriable flag of the primary: a primary past its deadline is waited for. */
    @Override
    public Readiness isPrimaryReady(Canary canary) {
        String name = canary.spec().primaryTargetName();
        Optional<DaemonSet> primary = caches.daemonSets().get(canary.namespace(), name);
        if (primary.isEmpty()) {
            return Readiness.notReady("daemonset " + name + "." + canary.namespace() + " not found", true);
        }
        if (check(canary, primary.get(), canary.analysis().primaryReadyThresholdOrDefault())
                instanceof Readiness.NotReady notReady) {
            return Readiness.notReady("primary daemonset " + name + "." + canary.namespace() + " not ready: "
                    + notReady.message(), true);
        }
        return Readiness.READY;
    }

    @Override
    public Readiness isCanaryReady(Canary canary) {
        String name = canary.spec().targetRef().name();
        Optional<DaemonSet> target = caches.daemonSets().get(canary.namespace(), name);
        if (target.isEmpty()) {
            return Readiness.notReady("daemonset " + name + "." + canary.namespace() + " not found", true);
        }
        if (check(canary, target.get(), canary.analysis().canaryReadyThresholdOrDefault())
                instanceof Readiness.NotReady notReady) {
            // Flagger's wording, "damonset" included.
            return Readiness.notReady("canary damonset " + name + "." + canary.namespace() + " not ready with retryable "
                    + notReady.retriable() + ": " + notReady.message(), notReady.retriable());
        }
        return Readiness.READY;
    }

    @Override
    public TargetRevision revision(Canary canary) {
        DaemonSet target = target(canary);
        var template = PrimaryDaemonSets.revisionTemplate(target);
        return new TargetRevision(specHashes.of(target), configs.checksums(canary.namespace(), template.getSpec()));
    }

    @Override
    public void promote(Canary canary) {
        String ns = canary.namespace();
        DaemonSet target = target(canary);
        SelectorLabels.Selector selector = selectorLabels.of(Workload.of(target));
        configs.copyToPrimary(canary, ns, PrimaryDaemonSets.copyPodSpec(target));
        String name = canary.spec().primaryTargetName();
        DaemonSet primary = caches.daemonSets().get(ns, name).orElseThrow(() -> Workload.notFound(Workload.DAEMON_SET, name, ns));
        KubernetesCalls.writeOnFreshAfterConflict("promote " + ns + "/" + name, primary, () -> caches.daemonSets().fresh(ns, name),
                base -> client.apps().daemonSets().resource(promoted(canary, base, target, selector)).update());
    }

    /** Adds the node selector {@code flagger.app/scale-to-zero: "true"}: no node runs the target's pods. */
    @Override
    public void scaleToZero(Canary canary) {
        DaemonSet target = target(canary);
        if (PrimaryDaemonSets.isScaledToZero(target)) {
            return;
        }
        boolean hasNodeSelector = target.getSpec().getTemplate().getSpec().getNodeSelector() != null;
        String patch = hasNodeSelector
                ? "[{\"op\":\"add\",\"path\":\"" + SCALE_TO_ZERO_PATH + "\",\"value\":\"true\"}]"
                : "[{\"op\":\"add\",\"path\":\"" + NODE_SELECTOR + "\",\"value\":{\"" + PrimaryDaemonSets.SCALE_TO_ZERO + "\":\"true\"}}]";
        patch(target, patch);
    }

    /**
     * Removes the scale-to-zero node selector; the whole {@code nodeSelector} when that is its only
     * key, as it was before {@link #scaleToZero} (an empty map would read back as a template change).
     */
    @Override
    public void scaleFromZero(Canary canary) {
        DaemonSet target = target(canary);
        if (!PrimaryDaemonSets.isScaledToZero(target)) {
            return;
        }
        boolean onlyKey = target.getSpec().getTemplate().getSpec().getNodeSelector().size() == 1;
        patch(target, "[{\"op\":\"remove\",\"path\":\"" + (onlyKey ? NODE_SELECTOR : SCALE_TO_ZERO_PATH) + "\"}]");
    }

    /** Flagger's DaemonSet {@code Finalize}: the target runs on its nodes again. */
    @Override
    public void revert(Canary canary) {
        scaleFromZero(canary);
    }

    private Readiness check(Canary canary, DaemonSet daemonSet, int threshold) {
        return DaemonSetReadiness.check(daemonSet, canary.status().lastTransitionTime(), canary.spec().progressDeadline(),
                threshold, clock.instant());
    }

    private DaemonSet promoted(Canary canary, DaemonSet primary, DaemonSet target, SelectorLabels.Selector selector) {
        DaemonSet copy = SERIALIZATION.clone(primary);
        PodSpec podSpec = PrimaryDaemonSets.copyPodSpec(target);
        configs.rewriteForPrimary(canary.namespace(), podSpec);
        primaries.apply(copy, target, selector, podSpec);
        return copy;
    }

    private void patch(DaemonSet target, String patch) {
        KubernetesCalls.run("scale daemonset " + target.getMetadata().getNamespace() + "/" + target.getMetadata().getName(),
                () -> client.apps().daemonSets().resource(target).patch(PatchContext.of(PatchType.JSON), patch));
    }

    private DaemonSet target(Canary canary) {
        String name = canary.spec().targetRef().name();
        return caches.daemonSets().get(canary.namespace(), name)
                .orElseThrow(() -> Workload.notFound(Workload.DAEMON_SET, name, canary.namespace()));
    }

    /** Options of a {@link DaemonSetTargetController}. */
    public static final class Builder extends WorkloadControllerBuilder<Builder, DaemonSetTargetController> {

        private Builder(KubernetesCaches caches) {
            super(caches);
        }

        @Override
        public DaemonSetTargetController build() {
            return new DaemonSetTargetController(this);
        }

        @Override
        Builder self() {
            return this;
        }
    }
}
