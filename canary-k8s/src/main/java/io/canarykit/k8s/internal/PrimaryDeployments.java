package io.canarykit.k8s.internal;

import io.canarykit.k8s.CanaryOwners;
import io.canarykit.api.model.Canary;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Builds the primary Deployment from the target (reference §4.2 and §4.5): the selector label
 * rewritten to {@code V-primary}, toolkit keys dropped, a fresh {@code flagger-id} pod annotation to
 * force a rollout, config references and affinity selectors pointed at the primary.
 */
public final class PrimaryDeployments {

    public static final String FLAGGER_ID = "flagger-id";
    private static final String TOOLKIT = "toolkit.fluxcd.io";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final List<String> includeLabelPrefixes;
    private final Supplier<UUID> ids;

    public PrimaryDeployments(List<String> includeLabelPrefixes, Supplier<UUID> ids) {
        this.includeLabelPrefixes = List.copyOf(includeLabelPrefixes);
        this.ids = ids;
    }

    /** A new primary for {@code target}. {@code podSpec} is already rewritten for the primary. */
    public Deployment create(Canary canary, Deployment target, SelectorLabels.Selector selector, PodSpec podSpec) {
        Deployment primary = new Deployment();
        primary.setApiVersion("apps/v1");
        primary.setKind("Deployment");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(target.getMetadata().getName() + "-primary");
        meta.setNamespace(target.getMetadata().getNamespace());
        meta.setOwnerReferences(CanaryOwners.of(canary));
        primary.setMetadata(meta);
        DeploymentSpec spec = new DeploymentSpec();
        Integer replicas = target.getSpec().getReplicas();
        spec.setReplicas(replicas != null && replicas > 0 ? replicas : 1);
        spec.setSelector(new LabelSelectorBuilder().addToMatchLabels(selector.key(), selector.primaryValue()).build());
        primary.setSpec(spec);
        apply(primary, target, selector, podSpec, true);
        return primary;
    }

    /**
     * Copies the target's template and settings onto {@code primary} (in place). Replicas are copied
     * only when no autoscaler owns them.
     */
    public void apply(Deployment primary, Deployment target, SelectorLabels.Selector selector, PodSpec podSpec,
            boolean copyReplicas) {
        DeploymentSpec from = target.getSpec();
        DeploymentSpec to = primary.getSpec();
        to.setProgressDeadlineSeconds(from.getProgressDeadlineSeconds());
        to.setMinReadySeconds(from.getMinReadySeconds());
        to.setRevisionHistoryLimit(from.getRevisionHistoryLimit());
        to.setStrategy(from.getStrategy());
        if (copyReplicas && from.getReplicas() != null && from.getReplicas() > 0) {
            to.setReplicas(from.getReplicas());
        }
        to.setTemplate(template(from.getTemplate(), selector, podSpec, target.getMetadata().getName()));
        copyMetadata(target.getMetadata(), primary.getMetadata(), selector);
    }

    /**
     * The primary's pod template: the target's pod labels with the selector label rewritten, its pod
     * annotations plus a fresh {@code flagger-id}, and {@code podSpec} (already pointed at the
     * {@code -primary} configs) with its affinity selectors rewritten.
     */
    public PodTemplateSpec template(PodTemplateSpec targetTemplate, SelectorLabels.Selector selector, PodSpec podSpec,
            String targetName) {
        PodTemplateSpec template = new PodTemplateSpec();
        ObjectMeta podMeta = new ObjectMeta();
        ObjectMeta targetPodMeta = targetTemplate.getMetadata() == null ? new ObjectMeta() : targetTemplate.getMetadata();
        Map<String, String> podLabels = withoutToolkit(targetPodMeta.getLabels());
        podLabels.put(selector.key(), selector.primaryValue());
        podMeta.setLabels(podLabels);
        Map<String, String> podAnnotations = withoutToolkit(targetPodMeta.getAnnotations());
        podAnnotations.put(FLAGGER_ID, ids.get().toString());
        podMeta.setAnnotations(podAnnotations);
        template.setMetadata(podMeta);
        template.setSpec(podSpec);
        rewriteAffinity(podSpec, selector, targetName);
        return template;
    }

    /** The primary's object labels (filtered by the include prefixes, plus the selector label) and annotations. */
    public void copyMetadata(ObjectMeta target, ObjectMeta primary, SelectorLabels.Selector selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (target.getLabels() != null) {
            target.getLabels().forEach((k, v) -> {
                if (includeLabelPrefixes.stream().anyMatch(p -> "*".equals(p) || k.startsWith(p)) && !k.contains(TOOLKIT)) {
                    labels.put(k, v);
                }
            });
        }
        labels.put(selector.key(), selector.primaryValue());
        primary.setLabels(labels);
        primary.setAnnotations(withoutToolkit(target.getAnnotations()));
    }

    /** A deep copy of a pod template's spec, to be rewritten for the primary. */
    public static PodSpec copyPodSpec(PodTemplateSpec template) {
        return SERIALIZATION.clone(template.getSpec());
    }

    /** A deep copy of the target's pod spec, to be rewritten for the primary. */
    public static PodSpec copyPodSpec(Deployment target) {
        return copyPodSpec(target.getSpec().getTemplate());
    }

    /** Anti-affinity and topology-spread selectors that pick the target's pods must pick the primary's. */
    private static void rewriteAffinity(PodSpec spec, SelectorLabels.Selector selector, String targetName) {
        if (spec.getTopologySpreadConstraints() != null) {
            for (TopologySpreadConstraint c : spec.getTopologySpreadConstraints()) {
                rewrite(c.getLabelSelector(), selector, targetName);
            }
        }
        if (spec.getAffinity() != null && spec.getAffinity().getPodAntiAffinity() != null) {
            var anti = spec.getAffinity().getPodAntiAffinity();
            if (anti.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
                for (PodAffinityTerm term : anti.getRequiredDuringSchedulingIgnoredDuringExecution()) {
                    rewrite(term.getLabelSelector(), selector, targetName);
                }
            }
            if (anti.getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
                for (WeightedPodAffinityTerm term : anti.getPreferredDuringSchedulingIgnoredDuringExecution()) {
                    rewrite(term.getPodAffinityTerm() == null ? null : term.getPodAffinityTerm().getLabelSelector(),
                            selector, targetName);
                }
            }
        }
    }

    private static void rewrite(LabelSelector labelSelector, SelectorLabels.Selector selector, String targetName) {
        if (labelSelector == null || labelSelector.getMatchLabels() == null) {
            return;
        }
        labelSelector.getMatchLabels().replaceAll((k, v) -> k.equals(selector.key()) && v.equals(targetName) ? v + "-primary" : v);
    }

    private static Map<String, String> withoutToolkit(Map<String, String> source) {
        Map<String, String> result = new LinkedHashMap<>();
        if (source != null) {
            source.forEach((k, v) -> {
                if (!k.contains(TOOLKIT)) {
                    result.put(k, v);
                }
            });
        }
        return result;
    }
}
