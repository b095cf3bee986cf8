package io.canarykit.linkerd;

import io.canarykit.linkerd.internal.SplitBackend;
import io.canarykit.linkerd.internal.SplitSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A TrafficSplit as tools show it (the CLI's {@code operator-demo}, dashboards): its backends'
 * weights, whatever the version's encoding.
 */
public final class TrafficSplits {

    private TrafficSplits() {
    }

    /**
     * {@code service -> weight} of every backend of {@code split}, in order, weights rounded to whole
     * numbers ({@code "90"} and {@code 90} both read 90); a backend without a readable weight is left out.
     */
    public static Map<String, Integer> weights(GenericKubernetesResource split) {
        Objects.requireNonNull(split, "split");
        Map<String, Integer> out = new LinkedHashMap<>();
        for (SplitBackend backend : SplitSpec.of(split).backends()) {
            backend.value().ifPresent(v -> out.putIfAbsent(backend.service(), v.setScale(0, RoundingMode.HALF_UP).intValueExact()));
        }
        return out;
    }
}
