package io.canarykit.core.validation;

import io.canarykit.api.model.BackendReference;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CorsPolicy;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.HttpRewrite;
import io.canarykit.api.model.ParentReference;
import io.canarykit.api.model.RequestMirror;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the official HTTPRoute CRD (Gateway API v1.6.1, standard channel) would refuse in the route
 * rendered from {@code spec.service}, caught by {@code canary validate} rather than as a 422 in the
 * middle of a rollout. Each check mirrors one schema constraint or {@code x-kubernetes-validations}
 * rule of that CRD, quoted in the message. Reported like {@link GatewayApiRules}: errors with a
 * Gateway API provider, warnings without a provider, nothing with another provider (Istio accepts
 * {@code *} hosts and {@code 1.5s} timeouts, for instance).
 */
final class HttpRouteRules {

    /** The CRD's {@code Hostname} pattern: lower-case DNS names, optionally {@code *.}-prefixed, never {@code *} alone. */
    static final Pattern HOSTNAME = Pattern.compile("^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    /** The CRD's {@code Duration} pattern (GEP-2257): no fractions, no {@code us}/{@code ns}, at most 4 parts. */
    static final Pattern DURATION = Pattern.compile("^([0-9]{1,5}(h|m|s|ms)){1,4}$");
    /** The CRD's path rule: only RFC 3986 path characters or percent-encodings. */
    static final Pattern PATH_CHARACTERS = Pattern.compile("^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$");
    static final int MAX_HOSTNAMES = 16;
    static final int MAX_HOSTNAME_LENGTH = 253;
    static final int DEFAULT_FRACTION_DENOMINATOR = 100;

    private HttpRouteRules() {
    }

    /** {@code timeout} and {@code backendTimeout} become {@code rules[].timeouts}: Gateway API durations, backend not longer. */
    static void timeouts(Canary canary, Findings out) {
        GatewayApiRules.reporter(canary, out).ifPresent(report -> {
            CanaryService service = canary.spec().service();
            Optional<Duration> request = duration(report, "spec.service.timeout", service.timeout());
            Optional<Duration> backend = duration(report, "spec.service.backendTimeout", service.backendTimeout());
            if (request.isPresent() && backend.isPresent() && !request.get().isZero() && backend.get().compareTo(request.get()) > 0) {
                report.report("spec.service.backendTimeout", "must not be longer than spec.service.timeout (" + service.timeout()
                        + "), got " + service.backendTimeout() + ": Gateway API refuses a backendRequest timeout longer "
                        + "than the request timeout");
            }
        });
    }

    /** {@code hosts} become {@code spec.hostnames}: lower-case DNS names, {@code *.} wildcards only, at most 16. */
    static void hostnames(Canary canary, Findings out) {
        GatewayApiRules.reporter(canary, out).ifPresent(report -> {
            List<String> hosts = canary.spec().service().hosts();
            if (hosts.size() > MAX_HOSTNAMES) {
                report.report("spec.service.hosts", "must have at most " + MAX_HOSTNAMES + " entries with the Gateway API "
                        + "provider, got " + hosts.size());
            }
            for (int i = 0; i < hosts.size(); i++) {
                String host = hosts.get(i);
                if (host.length() > MAX_HOSTNAME_LENGTH || !HOSTNAME.matcher(host).matches()) {
                    report.report("spec.service.hosts[" + i + "]", "must be a lower-case DNS name, optionally prefixed "
                            + "with \"*.\", with the Gateway API provider (\"*\" alone matches every host there: leave "
                            + "hosts empty), got " + Checks.quote(host));
                }
            }
        });
    }

    /** {@code gatewayRefs} become {@code spec.parentRefs}: each parent once, and sectionName on all or none of the same parent. */
    static void gatewayRefs(Canary canary, Findings out) {
        GatewayApiRules.reporter(canary, out).ifPresent(report -> {
            List<ParentReference> refs = canary.spec().service().gatewayRefs();
            for (int i = 0; i < refs.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (!sameParent(refs.get(i), refs.get(j))) {
                        continue;
                    }
                    String at = "spec.service.gatewayRefs[" + i + "]";
                    if (Objects.equals(emptyToNull(refs.get(i).sectionName()), emptyToNull(refs.get(j).sectionName()))) {
                        report.report(at, "must be unique, got the same parent as spec.service.gatewayRefs[" + j + "]");
                    } else if (emptyToNull(refs.get(i).sectionName()) == null || emptyToNull(refs.get(j).sectionName()) == null) {
                        report.report(at + ".sectionName", "must be set on every reference to the same parent or on none "
                                + "(see spec.service.gatewayRefs[" + j + "])");
                    }
                    break;
                }
            }
        });
    }

    /** Exact and prefix uri matches become {@code Exact}/{@code PathPrefix} path matches, which the CRD restricts. */
    static void paths(Canary canary, Findings out) {
        GatewayApiRules.reporter(canary, out).ifPresent(report -> {
            List<HttpMatchRequest> matches = canary.spec().service().match();
            for (int i = 0; i < matches.size(); i++) {
                HttpMatchRequest match = matches.get(i);
                if (match.uri() == null) {
                    continue;
                }
                String at = "spec.service.match[" + i + "].uri";
                path(report, at + ".exact", match.uri().exact());
                path(report, at + ".prefix", match.uri().prefix());
            }
            HttpRewrite rewrite = canary.spec().service().rewrite();
            if (rewrite != null && HttpRewrite.REPLACE_PREFIX_MATCH.equals(rewrite.type()) && !Checks.isBlank(rewrite.uri())) {
                for (int i = 0; i < matches.size(); i++) {
                    HttpMatchRequest match = matches.get(i);
                    if (match.uri() != null && match.uri().prefix() == null) {
                        report.report("spec.service.match[" + i + "].uri", "must be a prefix match: Gateway API applies "
                                + "a ReplacePrefixMatch rewrite (spec.service.rewrite.type) only to a prefix match");
                    }
                }
            }
        });
    }

    /** {@code mirror} entries become {@code RequestMirror} filters. */
    static void mirrors(Canary canary, Findings out) {
        GatewayApiRules.reporter(canary, out).ifPresent(report -> {
            List<RequestMirror> mirrors = canary.spec().service().mirror();
            for (int i = 0; i < mirrors.size(); i++) {
                RequestMirror mirror = mirrors.get(i);
                String at = "spec.service.mirror[" + i + "]";
                BackendReference ref = mirror.backendRef();
                boolean service = Checks.isBlank(ref.group()) && (Checks.isBlank(ref.kind()) || "Service".equals(ref.kind()));
                if (service && ref.port() == null) {
                    report.report(at + ".backendRef.port", "is required when the mirror is a Service");
                }
                if (mirror.percent() != null && mirror.fraction() != null) {
                    report.report(at, "must set percent or fraction, not both");
                }
                if (mirror.percent() != null && (mirror.percent() < 0 || mirror.percent() > 100)) {
                    report.report(at + ".percent", "must be between 0 and 100, got " + mirror.percent());
                }
                if (mirror.fraction() != null) {
                    fraction(report, at + ".fraction", mirror.fraction());
                }
            }
        });
    }

    /** {@code corsPolicy} becomes a {@code CORS} filter: a wildcard must stand alone in each list. */
    static void cors(Canary canary, Findings out) {
        GatewayApiRules.reporter(canary, out).ifPresent(report -> {
            CorsPolicy cors = canary.spec().service().corsPolicy();
            if (cors == null) {
                return;
            }
            wildcardAlone(report, "spec.service.corsPolicy.allowOrigin", cors.allowOrigin());
            wildcardAlone(report, "spec.service.corsPolicy.allowMethods", cors.allowMethods());
            wildcardAlone(report, "spec.service.corsPolicy.allowHeaders", cors.allowHeaders());
        });
    }

    private static Optional<Duration> duration(Findings.Reporter report, String path, @Nullable String value) {
        if (Checks.isBlank(value)) {
            return Optional.empty();
        }
        if (!DURATION.matcher(value).matches()) {
            report.report(path, "must be a Gateway API duration (1 to 4 parts of up to 5 digits with unit h, m, s or ms, "
                    + "such as 1m30s or 500ms), got " + Checks.quote(value));
            return Optional.empty();
        }
        return GoDuration.tryParse(value);
    }

    private static void path(Findings.Reporter report, String at, @Nullable String path) {
        if (path == null) {
            return;
        }
        if (!path.startsWith("/")) {
            report.report(at, "must start with \"/\" with the Gateway API provider, got " + Checks.quote(path));
        } else if (path.contains("//") || path.contains("/./") || path.contains("/../") || path.endsWith("/.")
                || path.endsWith("/..")) {
            report.report(at, "must not contain \"//\", \"/./\" or \"/../\" nor end with \"/.\" or \"/..\" with the "
                    + "Gateway API provider, got " + Checks.quote(path));
        } else if (path.contains("%2f") || path.contains("%2F") || path.contains("#")) {
            report.report(at, "must not contain \"%2f\", \"%2F\" or \"#\" with the Gateway API provider, got " + Checks.quote(path));
        } else if (!PATH_CHARACTERS.matcher(path).matches()) {
            report.report(at, "must contain only URI path characters or percent-encodings with the Gateway API provider, got "
                    + Checks.quote(path));
        }
    }

    private static void fraction(Findings.Reporter report, String at, RequestMirror.Fraction fraction) {
        int denominator = fraction.denominator() == null ? DEFAULT_FRACTION_DENOMINATOR : fraction.denominator();
        if (fraction.numerator() < 0) {
            report.report(at + ".numerator", "must be at least 0, got " + fraction.numerator());
        }
        if (denominator < 1) {
            report.report(at + ".denominator", "must be at least 1, got " + denominator);
        } else if (fraction.numerator() > denominator) {
            report.report(at, "must not be above 1 (numerator " + fraction.numerator() + " > denominator " + denominator + ")");
        }
    }

    private static void wildcardAlone(Findings.Reporter report, String path, List<String> values) {
        if (values.contains("*") && values.size() > 1) {
            report.report(path, "must not list \"*\" with other values (\"*\" already allows every value), got " + values);
        }
    }

    private static boolean sameParent(ParentReference a, ParentReference b) {
        return a.groupOrDefault().equals(b.groupOrDefault()) && a.kindOrDefault().equals(b.kindOrDefault())
                && a.name().equals(b.name()) && Objects.equals(emptyToNull(a.namespace()), emptyToNull(b.namespace()));
    }

    private static @Nullable String emptyToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
