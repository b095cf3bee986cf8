package io.canarykit.knative.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a Knative Service's {@code spec.traffic}. An entry without {@code latestRevision}
 * follows Knative's defaulting: it tracks the latest revision exactly when it names none.
 */
public record TrafficTarget(@Nullable String revisionName, boolean latestRevision, @Nullable Integer percent,
        @Nullable String tag) {

    /** Flagger's canary entry: the latest (ready) revision. */
    public static TrafficTarget latest(int percent) {
        return new TrafficTarget(null, true, percent, null);
    }

    /** Flagger's primary entry: a revision by name ({@code latestRevision: false} is what Knative defaults it to). */
    public static TrafficTarget revision(String name, int percent) {
        return new TrafficTarget(Objects.requireNonNull(name, "name"), false, percent, null);
    }

    static Optional<TrafficTarget> from(@Nullable Object entry) {
        if (!(entry instanceof Map<?, ?> map)) {
            return Optional.empty();
        }
        String revision = map.get("revisionName") instanceof String s && !s.isEmpty() ? s : null;
        boolean latest = map.get("latestRevision") instanceof Boolean b ? b : revision == null;
        Integer percent = map.get("percent") instanceof Number n ? n.intValue() : null;
        String tag = map.get("tag") instanceof String s && !s.isEmpty() ? s : null;
        return Optional.of(new TrafficTarget(revision, latest, percent, tag));
    }

    /** The entry as written to {@code spec.traffic}. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (revisionName != null) {
            out.put("revisionName", revisionName);
        }
        out.put("latestRevision", latestRevision);
        if (percent != null) {
            out.put("percent", percent);
        }
        if (tag != null) {
            out.put("tag", tag);
        }
        return out;
    }

    int percentOrZero() {
        return percent == null ? 0 : percent;
    }
}
