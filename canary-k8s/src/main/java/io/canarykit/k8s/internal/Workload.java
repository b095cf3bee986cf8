package io.canarykit.k8s.internal;

import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.k8s.KubernetesCalls;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Locale;
import java.util.Map;

/**
 * What the Service router and the primary builders need of a pod-template workload (a Deployment
 * or a DaemonSet): its name, selector and pod template.
 */
public record Workload(String kind, HasMetadata object, Map<String, String> matchLabels, PodTemplateSpec template) {

    public static final String DEPLOYMENT = "Deployment";
    public static final String DAEMON_SET = "DaemonSet";

    public Workload {
        matchLabels = Map.copyOf(matchLabels);
    }

    public static Workload of(Deployment deployment) {
        return new Workload(DEPLOYMENT, deployment, matchLabels(deployment.getSpec() == null ? null : deployment.getSpec().getSelector()),
                deployment.getSpec() == null ? new PodTemplateSpec() : deployment.getSpec().getTemplate());
    }

    public static Workload of(DaemonSet daemonSet) {
        return new Workload(DAEMON_SET, daemonSet, matchLabels(daemonSet.getSpec() == null ? null : daemonSet.getSpec().getSelector()),
                daemonSet.getSpec() == null ? new PodTemplateSpec() : daemonSet.getSpec().getTemplate());
    }

    /** Whether {@code targetRef.kind} names a DaemonSet (anything else is read as a Deployment). */
    public static boolean isDaemonSet(Canary canary) {
        return DAEMON_SET.equals(canary.spec().targetRef().kind());
    }

    /** The canary's target from the cache, by {@code targetRef.kind}. */
    public static Workload target(KubernetesCaches caches, Canary canary) {
        String ns = canary.namespace();
        String name = canary.spec().targetRef().name();
        if (isDaemonSet(canary)) {
            return caches.daemonSets().get(ns, name).map(Workload::of).orElseThrow(() -> notFound(DAEMON_SET, name, ns));
        }
        return caches.deployments().get(ns, name).map(Workload::of).orElseThrow(() -> notFound(DEPLOYMENT, name, ns));
    }

    /** Flagger's not-found error, retriable: the workload may be created later. */
    public static BackendException notFound(String kind, String name, String namespace) {
        return new BackendException(KubernetesCalls.BACKEND, kind.toLowerCase(Locale.ROOT) + " " + name + "." + namespace
                + " not found", true);
    }

    public String name() {
        return object.getMetadata().getName();
    }

    public String namespace() {
        return object.getMetadata().getNamespace();
    }

    private static Map<String, String> matchLabels(LabelSelector selector) {
        return selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    }
}
