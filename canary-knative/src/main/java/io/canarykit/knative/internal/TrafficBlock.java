package io.canarykit.knative.internal;

import io.canarykit.api.spi.Routes;
import java.util.List;
import java.util.Optional;

/**
 * Flagger's {@code spec.traffic} for a canary: the latest revision (the canary) first, the primary
 * revision by name second, nothing else. Knative sends {@code latestRevision: true} traffic to the
 * latest <em>ready</em> revision, so the canary gets traffic only once it can serve it.
 */
public final class TrafficBlock {

    private TrafficBlock() {
    }

    /** The block for {@code routes}, with {@code primary} as the primary revision. */
    public static List<TrafficTarget> of(String primary, Routes routes) {
        return List.of(TrafficTarget.latest(routes.canaryWeight()), TrafficTarget.revision(primary, routes.primaryWeight()));
    }

    /** Knative's own default, all traffic to the latest revision: what a Service without a canary has. */
    public static List<TrafficTarget> latestOnly() {
        return List.of(TrafficTarget.latest(100));
    }

    /**
     * The split a block expresses for {@code primary}; empty when it is not a block of this shape
     * (a hand-edited block, tags, a third revision, percentages that do not add up to 100).
     */
    public static Optional<Routes> read(List<TrafficTarget> block, String primary) {
        if (block.size() != 2) {
            return Optional.empty();
        }
        // Flagger writes the canary first; a block Knative or a user reordered reads the same.
        TrafficTarget canary = block.get(0).latestRevision() ? block.get(0) : block.get(1);
        TrafficTarget stable = canary == block.get(0) ? block.get(1) : block.get(0);
        if (!canary.latestRevision() || canary.tag() != null || stable.latestRevision() || stable.tag() != null
                || !primary.equals(stable.revisionName())) {
            return Optional.empty();
        }
        int canaryWeight = canary.percentOrZero();
        int primaryWeight = stable.percentOrZero();
        if (canaryWeight < 0 || primaryWeight < 0 || canaryWeight + primaryWeight != 100) {
            return Optional.empty();
        }
        return Optional.of(new Routes(primaryWeight, canaryWeight, false));
    }

    /** The revision a block pins as its primary (its entry by name), if it has exactly one such entry. */
    public static Optional<String> pinnedRevision(List<TrafficTarget> block) {
        List<String> named = block.stream().filter(t -> !t.latestRevision() && t.revisionName() != null)
                .map(TrafficTarget::revisionName).toList();
        return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
    }
}
