package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/**
 * CanaryKit extension {@code metrics[].sequential.latency}: an always-valid sequential test on the
 * fraction of the canary's requests slower than a histogram bucket boundary. {@code buckets} selects
 * the canary's histogram bucket series (e.g.
 * {@code http_request_duration_seconds_bucket{deployment="{{ target }}"}}); the engine counts, since
 * the analysis started, the requests at or below {@code bound} ({@code le="<bound>"}) and all of them
 * ({@code le="+Inf"}). Each request is slow or not, so the slow fraction is a Bernoulli rate and the
 * error-rate machinery applies: against {@code allowedSlowPercent} (a P99 bound allows 1%) and, with
 * {@code primaryBuckets}, against the primary's slow fraction plus the test's tolerance.
 *
 * <p>{@code bound} is the bucket's {@code le} label value exactly as the histogram exposes it, in
 * the histogram's unit ({@code "0.5"} for 500 ms in a seconds histogram).
 */
public record LatencyTest(
        String buckets,
        @Nullable String primaryBuckets,
        String bound,
        @Nullable Double allowedSlowPercent) {

    /** The {@code le} value of the bucket that counts every request. */
    public static final String ALL = "+Inf";

    public LatencyTest {
        buckets = Copies.text(buckets);
        bound = Copies.text(bound);
    }

    public boolean comparesToPrimary() {
        return primaryBuckets != null && !primaryBuckets.isBlank();
    }

    /**
     * The count query (a template: it still holds the selector's variables and {@code {{ elapsed }}})
     * for the bucket {@code le} of the series {@code selector}: the increase since the analysis
     * started, summed over all series. The matcher {@code le="..."} goes inside the selector's braces.
     */
    public static String bucketQuery(String selector, String le) {
        String trimmed = selector.strip();
        String matcher = "le=\"" + le + "\"";
        String withLe;
        if (trimmed.endsWith("}")) {
            String inside = trimmed.substring(trimmed.lastIndexOf('{') + 1, trimmed.length() - 1).strip();
            withLe = trimmed.substring(0, trimmed.length() - 1) + (inside.isEmpty() ? "" : ",") + matcher + "}";
        } else {
            withLe = trimmed + "{" + matcher + "}";
        }
        return "sum(increase(" + withLe + "[{{ elapsed }}]))";
    }
}
