package io.canarykit.k8s.internal;

import io.canarykit.k8s.CanaryOwners;
import io.canarykit.api.model.Canary;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the primary DaemonSet from the target (Flagger's {@code daemonset_controller.go}): the
 * Deployment rules of {@link PrimaryDeployments} for the template and metadata, the DaemonSet's
 * {@code minReadySeconds}, {@code revisionHistoryLimit} and {@code updateStrategy}, and never the
 * scale-to-zero node selector.
 */
public final class PrimaryDaemonSets {

    /** The node selector key that keeps a scaled-to-zero DaemonSet off every node (value {@code "true"}). */
    public static final String SCALE_TO_ZERO = "flagger.app/scale-to-zero";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final PrimaryDeployments templates;

    public PrimaryDaemonSets(PrimaryDeployments templates) {
        this.templates = templates;
    }

    /** A new primary for {@code target}. {@code podSpec} is already rewritten for the primary. */
    public DaemonSet create(Canary canary, DaemonSet target, SelectorLabels.Selector selector, PodSpec podSpec) {
        DaemonSet primary = new DaemonSet();
        primary.setApiVersion("apps/v1");
        primary.setKind("DaemonSet");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(target.getMetadata().getName() + "-primary");
        meta.setNamespace(target.getMetadata().getNamespace());
        meta.setOwnerReferences(CanaryOwners.of(canary));
        primary.setMetadata(meta);
        DaemonSetSpec spec = new DaemonSetSpec();
        spec.setSelector(new LabelSelectorBuilder().addToMatchLabels(selector.key(), selector.primaryValue()).build());
        primary.setSpec(spec);
        apply(primary, target, selector, podSpec);
        return primary;
    }

    /** Copies the target's template and settings onto {@code primary} (in place). */
    public void apply(DaemonSet primary, DaemonSet target, SelectorLabels.Selector selector, PodSpec podSpec) {
        DaemonSetSpec from = target.getSpec();
        DaemonSetSpec to = primary.getSpec();
        to.setMinReadySeconds(from.getMinReadySeconds());
        to.setRevisionHistoryLimit(from.getRevisionHistoryLimit());
        to.setUpdateStrategy(from.getUpdateStrategy());
        to.setTemplate(templates.template(from.getTemplate(), selector, podSpec, target.getMetadata().getName()));
        templates.copyMetadata(target.getMetadata(), primary.getMetadata(), selector);
    }

    /** A deep copy of the target's pod spec without the scale-to-zero node selector. */
    public static PodSpec copyPodSpec(DaemonSet target) {
        return revisionTemplate(target).getSpec();
    }

    /**
     * The target's pod template as a revision: without the scale-to-zero node selector, so scaling
     * the target to or from zero is not a new revision.
     */
    public static PodTemplateSpec revisionTemplate(DaemonSet target) {
        PodTemplateSpec template = SERIALIZATION.clone(target.getSpec().getTemplate());
        PodSpec spec = template.getSpec();
        if (spec != null && spec.getNodeSelector() != null && spec.getNodeSelector().containsKey(SCALE_TO_ZERO)) {
            Map<String, String> nodeSelector = new LinkedHashMap<>(spec.getNodeSelector());
            nodeSelector.remove(SCALE_TO_ZERO);
            spec.setNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector);
        }
        return template;
    }

    /** Whether the target carries the scale-to-zero node selector. */
    public static boolean isScaledToZero(DaemonSet target) {
        PodSpec spec = target.getSpec().getTemplate().getSpec();
        return spec != null && spec.getNodeSelector() != null && spec.getNodeSelector().containsKey(SCALE_TO_ZERO);
    }
}
