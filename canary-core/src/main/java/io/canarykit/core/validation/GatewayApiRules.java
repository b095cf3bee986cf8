package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.StringMatch;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an HTTPRoute cannot express. With {@code provider: gatewayapi} (or {@code :v1}/{@code :v1beta1})
 * these are errors; a canary without a provider gets them as warnings, because CanaryKit's default
 * provider is the Gateway API but a controller may be configured with another.
 */
final class GatewayApiRules {

    private GatewayApiRules() {
    }

    static void matchKinds(Canary canary, Findings out) {
        Optional<Findings.Reporter> reporter = reporter(canary, out);
        if (reporter.isEmpty()) {
            return;
        }
        Findings.Reporter report = reporter.get();
        matches(report, "spec.service.match", canary.spec().service().match());
        CanaryAnalysis analysis = canary.spec().analysisOrDefault();
        String analysisPath = canary.spec().analysis() == null && canary.spec().canaryAnalysis() != null
                ? "spec.canaryAnalysis" : "spec.analysis";
        matches(report, analysisPath + ".match", analysis.match());
        if (analysis.isMirror() && analysis.iterationsOrZero() == 0) {
            report.report(analysisPath + ".mirror",
                    "traffic mirroring with the Gateway API provider requires analysis.iterations (blue/green)");
        }
    }

    /**
     * How a Gateway-API-only problem is reported for {@code canary}: as an error with a Gateway API
     * provider, as a warning without a provider (the default router is the Gateway API one), not at all
     * with another provider.
     */
    static Optional<Findings.Reporter> reporter(Canary canary, Findings out) {
        String provider = canary.spec().provider();
        if (provider == null || provider.isEmpty()) {
            return Optional.of(out::warning);
        }
        return SpecRules.GATEWAY_API_PROVIDERS.contains(provider) ? Optional.of(out::error) : Optional.empty();
    }

    private static void matches(Findings.Reporter report, String path, List<HttpMatchRequest> matches) {
        for (int i = 0; i < matches.size(); i++) {
            HttpMatchRequest m = matches.get(i);
            String at = path + "[" + i + "]";
            kind(report, at + ".uri", m.uri(), List.of("exact", "prefix", "regex"));
            kind(report, at + ".method", m.method(), List.of("exact"));
            map(report, at + ".headers", m.headers());
            map(report, at + ".queryParams", m.queryParams());
        }
    }

    private static void map(Findings.Reporter report, String path, Map<String, StringMatch> matches) {
        matches.forEach((name, match) -> kind(report, path + "." + name, match, List.of("exact", "regex")));
    }

    private static void kind(Findings.Reporter report, String path, @Nullable StringMatch match, List<String> supported) {
        if (match == null) {
            return;
        }
        match.kind().filter(k -> !supported.contains(k)).ifPresent(k -> report.report(path, k
                + " match is not supported by the Gateway API provider (supported: " + describe(supported) + ")"));
    }

    private static String describe(List<String> kinds) {
        if (kinds.size() == 1) {
            return kinds.get(0);
        }
        return String.join(", ", kinds.subList(0, kinds.size() - 1)) + " or " + kinds.get(kinds.size() - 1);
    }
}
