package io.canarykit.testkit.simulation;

import io.canarykit.api.model.CanaryMetric;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.engine.WebhookCall;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The human form of a timeline, one line per tick:
 * {@code t+3m  Progressing  weight 30  error-rate 0.4 ≤ 1 ✓  request-duration 210ms ≤ 500ms ✓}.
 * Failed checks read {@code error-rate 20 > 1 ✗}; hooks that did not approve read
 * {@code hook approve-promotion 403 ✗}.
 */
public final class TimelineText {

    private static final String SEPARATOR = "  ";

    private TimelineText() {
    }

    /** Every tick, one line each, joined with the platform's line separator. */
    public static String format(Timeline timeline) {
        StringJoiner lines = new StringJoiner(System.lineSeparator());
        int threshold = timeline.canary().analysis().thresholdOrDefault();
        timeline.ticks().forEach(t -> lines.add(line(t, threshold)));
        return lines.toString();
    }

    /** One tick; {@code threshold} is the canary's failed-check threshold. */
    public static String line(Tick tick, int threshold) {
        StringJoiner line = new StringJoiner(SEPARATOR);
        line.add(offset(tick.at())).add(tick.phase().wireName())
                .add("weight " + tick.canaryWeight() + (tick.mirrored() ? " (mirrored)" : ""));
        if (tick.failedChecks() > 0) {
            line.add("failed checks " + tick.failedChecks() + "/" + threshold);
        }
        tick.checks().forEach(c -> line.add(check(c)));
        for (WebhookCall call : tick.webhooks()) {
            if (!call.success()) {
                line.add("hook " + call.name() + " " + (call.status() == 0 ? "unreachable" : call.status()) + " ✗");
            }
        }
        return line.toString();
    }

    /** {@code t+0s}, {@code t+3m}, {@code t+1m30s}, {@code t+1h5m}. */
    public static String offset(Duration at) {
        if (at.isZero()) {
            return "t+0s";
        }
        StringBuilder text = new StringBuilder("t+");
        long hours = at.toHours();
        int minutes = at.toMinutesPart();
        int seconds = at.toSecondsPart();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(minutes).append('m');
        }
        if (seconds > 0) {
            text.append(seconds).append('s');
        }
        if (hours == 0 && minutes == 0 && seconds == 0) {
            text.append(at.toMillis()).append("ms");
        }
        return text.toString();
    }

    /** One check as {@code error-rate 0.4 ≤ 1 ✓} or {@code request-duration 620ms > 500ms ✗}. */
    public static String check(CheckResult check) {
        String unit = CanaryMetric.REQUEST_DURATION.equals(check.metric()) ? "ms" : "";
        if (check.verdict() == Verdict.NO_DATA) {
            return check.metric() + " no data ✗";
        }
        if (check.verdict() == Verdict.INSUFFICIENT_DATA) {
            // Neither passed nor failed: the canary holds until there is enough evidence.
            return check.metric() + (check.value() == null ? "" : " " + number(check.value())) + " insufficient data …";
        }
        if (check.value() == null) {
            return check.metric() + " error ✗";
        }
        double value = check.value();
        String shown = number(value) + unit;
        String mark = check.passed() ? " ✓" : " ✗";
        Double min = check.min();
        Double max = check.max();
        if (!check.passed()) {
            if (max != null && value > max) {
                return check.metric() + " " + shown + " > " + bound(max, unit) + mark;
            }
            if (min != null && value < min) {
                return check.metric() + " " + shown + " < " + bound(min, unit) + mark;
            }
            return check.metric() + " " + shown + mark;
        }
        if (min != null && max != null) {
            return check.metric() + " " + bound(min, unit) + " ≤ " + shown + " ≤ " + bound(max, unit) + mark;
        }
        if (max != null) {
            return check.metric() + " " + shown + " ≤ " + bound(max, unit) + mark;
        }
        if (min != null) {
            return check.metric() + " " + shown + " ≥ " + bound(min, unit) + mark;
        }
        return check.metric() + " " + shown + mark;
    }

    private static String bound(@Nullable Double value, String unit) {
        return value == null ? "" : number(value) + unit;
    }

    /** At most three decimals, no trailing zeros: {@code 0.4}, {@code 1}, {@code 99.5}. */
    public static String number(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
