package io.canarykit.cli.cluster;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.MetricCheckStatus;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How {@code canary get} shows canaries: a table of many (one row each) or the whole state of one
 * (phase, weight bar, failed checks against the threshold, iterations, the last value and verdict of
 * every metric, the time to the next tick, the last events). Pure: the time is passed in.
 */
final class CanaryView {

    static final int EVENTS_SHOWN = 8;
    private static final int BAR_CELLS = 20;

    private CanaryView() {
    }

    /** The table header and one row per canary, columns aligned. */
    static List<String> table(List<Canary> canaries, boolean withNamespace, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(withNamespace
                ? new String[] {"NAMESPACE", "NAME", "PHASE", "WEIGHT", "FAILED", "ITERATIONS", "CHECKS", "NEXT TICK", "AGE"}
                : new String[] {"NAME", "PHASE", "WEIGHT", "FAILED", "ITERATIONS", "CHECKS", "NEXT TICK", "AGE"});
        for (Canary c : canaries) {
            CanaryStatus s = c.status();
            List<String> row = new ArrayList<>();
            if (withNamespace) {
                row.add(c.namespace());
            }
            row.add(c.name());
            row.add(phase(c));
            row.add(s.canaryWeight() + "% " + bar(s.canaryWeight(), 10));
            row.add(s.failedChecks() + "/" + c.analysis().thresholdOrDefault());
            row.add(String.valueOf(s.iterations()));
            row.add(checksInline(s.lastChecks()));
            row.add(nextTick(c, now));
            row.add(age(s.lastTransitionTime(), now));
            rows.add(row.toArray(String[]::new));
        }
        return aligned(rows);
    }

    /** Everything about one canary, with its last {@link #EVENTS_SHOWN} events. */
    static List<String> detail(Canary c, List<Event> events, Instant now) {
        CanaryStatus s = c.status();
        CanaryAnalysis a = c.analysis();
        List<String> lines = new ArrayList<>();
        lines.add("Canary " + c.name() + "." + c.namespace() + "  target " + kind(c) + "/" + c.spec().targetRef().name()
                + "  provider " + Optional.ofNullable(c.spec().provider()).orElse("(operator default)"));
        lines.add("  Phase:          " + phase(c) + (s.lastTransitionTime() == null ? "" : "  (last change " + age(s.lastTransitionTime(), now)
                + " ago)"));
        lines.add("  Weight:         " + bar(s.canaryWeight(), BAR_CELLS) + " " + s.canaryWeight() + "%  (step " + step(a) + ", max "
                + a.maxWeightOrDefault() + "%)");
        lines.add("  Failed checks:  " + s.failedChecks() + "/" + a.thresholdOrDefault() + " (" + a.thresholdModeOrDefault().wireName()
                + ")");
        lines.add("  Iterations:     " + s.iterations() + (a.iterationsOrZero() > 0 ? "/" + a.iterationsOrZero() : ""));
        lines.add("  Next tick:      " + nextTick(c, now) + " (interval " + GoDuration.format(a.intervalOrDefault()) + ")");
        s.condition("InvalidSpec").filter(cond -> "True".equals(cond.status()))
                .ifPresent(cond -> lines.add("  Invalid spec:   " + cond.message()));
        if (s.lastCommandId() != null) {
            lines.add("  Last command:   " + s.lastCommandId());
        }
        if (s.lastChecks().isEmpty()) {
            lines.add("  Checks:         none yet");
        } else {
            lines.add("  Checks" + (s.lastChecks().get(0).checkedAt() == null ? ":" : " (" + age(s.lastChecks().get(0).checkedAt(), now)
                    + " ago):"));
            List<String[]> checks = new ArrayList<>();
            for (MetricCheckStatus check : s.lastChecks()) {
                checks.add(new String[] {"    " + check.name(), value(check.value()), range(check), mark(check) + " " + check.verdict()});
            }
            lines.addAll(aligned(checks));
        }
        List<Event> last = events.subList(Math.max(0, events.size() - EVENTS_SHOWN), events.size());
        lines.add("  Events:" + (last.isEmpty() ? "         none" : ""));
        List<String[]> rows = new ArrayList<>();
        for (Event e : last) {
            rows.add(new String[] {"    " + age(ClusterCanaries.lastSeen(e), now) + " ago", Optional.ofNullable(e.getType()).orElse(""),
                    e.getMessage() + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : "")});
        }
        lines.addAll(aligned(rows));
        return lines;
    }

    static String phase(Canary c) {
        String phase = Optional.ofNullable(c.status().phase()).map(CanaryPhase::wireName).orElse("(new)");
        return Boolean.TRUE.equals(c.spec().suspend()) ? phase + " (suspended)" : phase;
    }

    /** {@code ████░░░░} for a weight in 0..100. */
    static String bar(int weight, int cells) {
        int full = Math.round(Math.max(0, Math.min(100, weight)) * cells / 100f);
        return "█".repeat(full) + "░".repeat(cells - full);
    }

    /**
     * When the next tick is due: the operator ticks once per interval and stamps every status write,
     * so the last write plus one interval is the best estimate a reader of the status has.
     */
    static String nextTick(Canary c, Instant now) {
        CanaryPhase phase = c.status().phase();
        if (Boolean.TRUE.equals(c.spec().suspend())) {
            return "suspended";
        }
        Instant last = Optional.ofNullable(c.status().lastAnalysisAt()).orElse(c.status().lastTransitionTime());
        if (phase == null || last == null || phase.isFinal()) {
            return "-";
        }
        Duration left = Duration.between(now, last.plus(c.analysis().intervalOrDefault()));
        return left.isNegative() || left.isZero() ? "due" : "~" + compact(left);
    }

    static String age(@Nullable Instant then, Instant now) {
        return then == null ? "-" : compact(Duration.between(then, now));
    }

    /** {@code 45s}, {@code 3m10s}, {@code 2h5m}, {@code 3d4h}, as kubectl shows ages. */
    static String compact(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 86400) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        return s / 86400 + "d" + (s % 86400 / 3600 == 0 ? "" : s % 86400 / 3600 + "h");
    }

    private static String checksInline(List<MetricCheckStatus> checks) {
        if (checks.isEmpty()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        checks.forEach(c -> parts.add(c.name() + " " + value(c.value()) + " " + mark(c)));
        return String.join(", ", parts);
    }

    private static String mark(MetricCheckStatus check) {
        return switch (check.verdict()) {
            case "pass" -> "✓";
            case "insufficient-data" -> "…";
            default -> "✗";
        };
    }

    private static String range(MetricCheckStatus c) {
        if (c.min() != null && c.max() != null) {
            return value(c.min()) + "..." + value(c.max());
        }
        if (c.max() != null) {
            return "≤ " + value(c.max());
        }
        return c.min() != null ? "≥ " + value(c.min()) : "";
    }

    static String value(@Nullable Double v) {
        if (v == null) {
            return "-";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf(v.longValue());
        }
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static String step(CanaryAnalysis a) {
        return a.stepWeights().isEmpty() ? a.stepWeightOrZero() + "%" : a.stepWeights().toString();
    }

    private static String kind(Canary c) {
        String kind = c.spec().targetRef().kind();
        return kind == null || kind.isEmpty() ? "Deployment" : kind;
    }

    private static List<String> aligned(List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        List<String> out = new ArrayList<>();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : pad(r[i], widths[i] + 2));
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
