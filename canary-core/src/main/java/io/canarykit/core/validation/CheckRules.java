package io.canarykit.core.validation;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.CanaryAlert;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.SessionAffinity;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.model.WireEnum;
import java.math.BigDecimal;
import java.util.List;

/** Rules on what an analysis checks and calls: metrics, webhooks, alerts and session affinity. */
final class CheckRules {

    static final List<String> SAME_SITE = List.of("Strict", "Lax", "None");

    private CheckRules() {
    }

    static void metricNames(CanaryAnalysis a, String path, Findings out) {
        List<CanaryMetric> metrics = a.metrics();
        for (int i = 0; i < metrics.size(); i++) {
            Checks.required(out, path + ".metrics[" + i + "].name", metrics.get(i).name());
        }
        Checks.unique(out, path + ".metrics", metrics, CanaryMetric::name, "name");
    }

    /** A metric is a builtin one, an inline query or a template reference; anything else has no query. */
    static void metricSource(CanaryAnalysis a, String path, Findings out) {
        for (int i = 0; i < a.metrics().size(); i++) {
            CanaryMetric m = a.metrics().get(i);
            String at = path + ".metrics[" + i + "]";
            if (m.templateRef() != null) {
                Checks.required(out, at + ".templateRef.name", m.templateRef().name());
            } else if (!m.name().isEmpty() && !m.hasInlineQuery() && !m.isSequential()
                    && !CanaryMetric.BUILTIN_NAMES.contains(m.name())) {
                out.error(at, "must be a builtin metric (" + CanaryMetric.REQUEST_SUCCESS_RATE + ", "
                        + CanaryMetric.REQUEST_DURATION + ") or set query, templateRef or sequential, got name "
                        + Checks.quote(m.name()));
            }
        }
    }

    static void metricInterval(CanaryAnalysis a, String path, Findings out) {
        for (int i = 0; i < a.metrics().size(); i++) {
            Checks.duration(out, path + ".metrics[" + i + "].interval", a.metrics().get(i).interval());
        }
    }

    static void metricThresholdRange(CanaryAnalysis a, String path, Findings out) {
        for (int i = 0; i < a.metrics().size(); i++) {
            ThresholdRange range = a.metrics().get(i).thresholdRange();
            if (range != null && range.min() != null && range.max() != null && range.min() > range.max()) {
                out.error(path + ".metrics[" + i + "].thresholdRange", "min must not be greater than max, got min "
                        + number(range.min()) + " and max " + number(range.max()));
            }
        }
    }

    /**
     * A check that can never fail, or never pass, is an error: Flagger runs it anyway (a missing
     * {@code threshold} reads as 0), which silently promotes or silently rolls back. Sequential tests
     * and baseline comparisons decide without a range and have rules of their own.
     */
    static void metricThresholdPresent(CanaryAnalysis a, String path, Findings out) {
        for (int i = 0; i < a.metrics().size(); i++) {
            CanaryMetric m = a.metrics().get(i);
            if (m.isSequential() || m.baseline() != null) {
                continue;
            }
            String at = path + ".metrics[" + i + "].thresholdRange";
            ThresholdRange range = m.thresholdRange();
            if (range == null && m.threshold() == null) {
                out.error(at, "is required: without thresholdRange (or the deprecated threshold) " + withoutThreshold(m));
            } else if (range != null && range.min() == null && range.max() == null) {
                out.error(at, "must set min or max: an empty range lets every value pass, so the check can never fail");
            }
        }
    }

    /** What Flagger does with a metric that has no threshold at all (it reads the missing threshold as 0). */
    private static String withoutThreshold(CanaryMetric m) {
        if (m.isBuiltin() && m.name().equals(CanaryMetric.REQUEST_SUCCESS_RATE)) {
            return "the success rate is compared with 0%, so the check can never fail";
        }
        if (m.isBuiltin()) {
            return "the latency is compared with 0ms, so the check fails for any request";
        }
        return "the value is compared with 0, so the check fails for any positive value and passes for 0";
    }

    static void webhooks(CanaryAnalysis a, String path, Findings out) {
        List<CanaryWebhook> hooks = a.webhooks();
        for (int i = 0; i < hooks.size(); i++) {
            CanaryWebhook hook = hooks.get(i);
            String at = path + ".webhooks[" + i + "]";
            Checks.required(out, at + ".name", hook.name());
            Checks.required(out, at + ".url", hook.url());
            Checks.httpUrl(out, at + ".url", hook.url());
            Checks.oneOf(out, at + ".type", hook.type(), WireEnum.wireNames(WebhookType.class));
            Checks.duration(out, at + ".timeout", hook.timeout()).ifPresent(d -> {
                if (d.isZero() || d.isNegative()) {
                    out.error(at + ".timeout", "must be greater than 0s, got " + hook.timeout());
                }
            });
            Checks.atLeast(out, at + ".retries", hook.retries(), 0);
        }
        Checks.unique(out, path + ".webhooks", hooks, CanaryWebhook::name, "name");
    }

    static void alerts(CanaryAnalysis a, String path, Findings out) {
        List<CanaryAlert> alerts = a.alerts();
        for (int i = 0; i < alerts.size(); i++) {
            CanaryAlert alert = alerts.get(i);
            String at = path + ".alerts[" + i + "]";
            Checks.required(out, at + ".name", alert.name());
            Checks.oneOf(out, at + ".severity", alert.severity(), WireEnum.wireNames(AlertSeverity.class));
            Checks.required(out, at + ".providerRef.name", alert.providerRef().name());
        }
    }

    static void sessionAffinity(CanaryAnalysis a, String path, Findings out) {
        SessionAffinity affinity = a.sessionAffinity();
        if (affinity == null) {
            return;
        }
        String at = path + ".sessionAffinity";
        Checks.required(out, at + ".cookieName", affinity.cookieName());
        if (!affinity.cookieName().isEmpty() && affinity.cookieName().equals(affinity.primaryCookieName())) {
            out.error(at + ".primaryCookieName", "must differ from cookieName, got "
                    + Checks.quote(affinity.primaryCookieName()));
        }
        Checks.oneOf(out, at + ".sameSite", affinity.sameSite(), SAME_SITE);
        Checks.atLeast(out, at + ".maxAge", affinity.maxAge(), 0);
    }

    /** {@code 1} rather than {@code 1.0}, as the manifest most likely wrote it. */
    static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
