package io.canarykit.k8s.internal;

import io.canarykit.api.BackendException;
import io.canarykit.k8s.KubernetesCalls;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the target's selector label: the first of the configured keys present in
 * {@code spec.selector.matchLabels} (Flagger's {@code -selector-labels}).
 */
public record SelectorLabels(List<String> keys) {

    public static final SelectorLabels DEFAULT = new SelectorLabels(List.of("app", "name", "app.kubernetes.io/name"));

    public SelectorLabels {
        keys = List.copyOf(keys);
    }

    /** The selector label and its value {@code V}. */
    public record Selector(String key, String value) {
        public String primaryValue() {
            return value + "-primary";
        }
    }

    public Selector of(Deployment deployment) {
        return of(Workload.of(deployment));
    }

    public Selector of(Workload workload) {
        Map<String, String> labels = workload.matchLabels();
        for (String key : keys) {
            if (labels.containsKey(key)) {
                return new Selector(key, labels.get(key));
            }
        }
        throw new BackendException(KubernetesCalls.BACKEND, workload.kind().toLowerCase(Locale.ROOT) + " " + workload.name() + "."
                + workload.namespace() + " spec.selector.matchLabels must contain one of " + keys, false);
    }
}
