package io.canarykit.testkit.prometheus;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a deterministic metric history in OpenMetrics text, for
 * {@link PrometheusServerExtension#withHistory}: counters and histograms that grow by a fixed amount
 * per step, so every rate and quantile over the history has an exact, known value.
 */
public final class OpenMetricsHistory {

    private final long start;
    private final long stepSeconds;
    private final int steps;
    private final Map<String, StringBuilder> families = new LinkedHashMap<>();

    private OpenMetricsHistory(Instant start, Duration step, int steps) {
        this.start = start.getEpochSecond();
        this.stepSeconds = step.toSeconds();
        this.steps = steps;
    }

    /** Samples at {@code start}, {@code start + step}, ... {@code start + steps × step}. */
    public static OpenMetricsHistory starting(Instant start, Duration step, int steps) {
        return new OpenMetricsHistory(start, step, steps);
    }

    /** The time of the last sample. */
    public Instant end() {
        return Instant.ofEpochSecond(start + steps * stepSeconds);
    }

    /** A counter {@code <family>_total{labels}} growing by {@code perStep} each step. */
    public OpenMetricsHistory counter(String family, String labels, int perStep) {
        StringBuilder samples = family(family, "counter");
        for (int step = 0; step <= steps; step++) {
            sample(samples, family + "_total", labels, (long) step * perStep, step);
        }
        return this;
    }

    /**
     * A histogram whose buckets ({@code le} bounds, the last one {@code +Inf}) grow by
     * {@code perStep} cumulative counts each step; {@code _count} follows {@code +Inf} and
     * {@code _sum} grows by {@code sumPerStep}.
     */
    public OpenMetricsHistory histogram(String family, String labels, List<String> bounds, List<Integer> perStep,
            double sumPerStep) {
        if (bounds.size() != perStep.size() || !bounds.get(bounds.size() - 1).equals("+Inf")) {
            throw new IllegalArgumentException("one count per bound, and the last bound must be +Inf");
        }
        StringBuilder samples = family(family, "histogram");
        String separator = labels.isEmpty() ? "" : ",";
        for (int step = 0; step <= steps; step++) {
            for (int i = 0; i < bounds.size(); i++) {
                sample(samples, family + "_bucket", labels + separator + "le=\"" + bounds.get(i) + "\"",
                        (long) step * perStep.get(i), step);
            }
            sample(samples, family + "_count", labels, (long) step * perStep.get(perStep.size() - 1), step);
            samples.append(family).append("_sum{").append(labels).append("} ").append(step * sumPerStep).append(' ')
                    .append(start + step * stepSeconds).append('\n');
        }
        return this;
    }

    /** The history as OpenMetrics text, ending in {@code # EOF}. */
    public String toOpenMetrics() {
        StringBuilder out = new StringBuilder();
        families.values().forEach(out::append);
        return out.append("# EOF\n").toString();
    }

    private StringBuilder family(String name, String type) {
        // OpenMetrics wants each family's samples together under one TYPE line.
        return families.computeIfAbsent(name, n -> new StringBuilder("# TYPE ").append(n).append(' ').append(type).append('\n'));
    }

    private void sample(StringBuilder out, String name, String labels, long value, int step) {
        out.append(name).append('{').append(labels).append("} ").append(value).append(' ').append(start + step * stepSeconds)
                .append('\n');
    }
}
