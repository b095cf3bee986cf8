package io.canarykit.core.validation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.StringMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ingress-nginx's canary annotations cannot express, for {@code provider: nginx}. An A/B match
 * becomes one {@code canary-by-header} (exact value or regex pattern) and one {@code canary-by-cookie}
 * (the header {@code cookie}, whose exact value names the cookie): any other condition would be
 * dropped silently by Flagger's ingress router, so it is refused here, with its path.
 */
final class NginxRules {

    static final String PROVIDER = "nginx";
    private static final String COOKIE = "cookie";

    private NginxRules() {
    }

    static void ingress(Canary canary, Findings out) {
        if (!PROVIDER.equals(canary.spec().provider())) {
            return;
        }
        if (canary.spec().ingressRef() == null) {
            out.error("spec.ingressRef", "is required for provider nginx (the Ingress whose canary copy the router manages)");
        }
        CanaryAnalysis analysis = canary.spec().analysisOrDefault();
        String path = (canary.spec().analysis() == null && canary.spec().canaryAnalysis() != null
                ? "spec.canaryAnalysis" : "spec.analysis");
        matches(out, path + ".match", analysis.match());
        if (analysis.isMirror()) {
            out.warning(path + ".mirror", "traffic mirroring is not supported by the nginx provider: the canary gets no mirrored traffic");
        }
    }

    private static void matches(Findings out, String path, List<HttpMatchRequest> matches) {
        Optional<String> header = Optional.empty();
        Optional<String> cookie = Optional.empty();
        for (int i = 0; i < matches.size(); i++) {
            HttpMatchRequest m = matches.get(i);
            String at = path + "[" + i + "]";
            for (String field : unsupported(m)) {
                out.error(at + "." + field, "is not supported by the nginx provider (an A/B match is one header and one cookie: "
                        + "canary-by-header, canary-by-cookie)");
            }
            if (m.headers().isEmpty()) {
                out.error(at + ".headers", "is required with the nginx provider (a header or the cookie header)");
            }
            for (Map.Entry<String, StringMatch> h : m.headers().entrySet()) {
                String hp = at + ".headers." + h.getKey();
                boolean isCookie = COOKIE.equals(h.getKey());
                List<String> supported = isCookie ? List.of("exact") : List.of("exact", "regex");
                h.getValue().kind().filter(k -> !supported.contains(k)).ifPresent(k -> out.error(hp, k + " match is not supported "
                        + "by the nginx provider " + (isCookie ? "for the cookie (supported: exact, the cookie's name)"
                        : "(supported: exact or regex)")));
                Optional<String> first = isCookie ? cookie : header;
                if (first.isPresent()) {
                    out.error(hp, "must be the only " + (isCookie ? "cookie" : "header") + " match with the nginx provider ("
                            + (isCookie ? "canary-by-cookie" : "canary-by-header") + " names one), got " + first.get() + " too");
                } else if (isCookie) {
                    cookie = Optional.of(hp);
                } else {
                    header = Optional.of(hp);
                }
            }
        }
    }

    /** The fields of {@code m} nginx has no annotation for, in the order of the manifest's schema. */
    private static List<String> unsupported(HttpMatchRequest m) {
        List<String> fields = new ArrayList<>();
        addIf(fields, "uri", m.uri() != null);
        addIf(fields, "scheme", m.scheme() != null);
        addIf(fields, "method", m.method() != null);
        addIf(fields, "authority", m.authority() != null);
        addIf(fields, "port", m.port() != null);
        addIf(fields, "sourceLabels", !m.sourceLabels().isEmpty());
        addIf(fields, "gateways", !m.gateways().isEmpty());
        addIf(fields, "queryParams", !m.queryParams().isEmpty());
        addIf(fields, "ignoreUriCase", m.ignoreUriCase() != null);
        addIf(fields, "withoutHeaders", !m.withoutHeaders().isEmpty());
        addIf(fields, "sourceNamespace", m.sourceNamespace() != null);
        return fields;
    }

    private static void addIf(List<String> fields, String field, boolean set) {
        if (set) {
            fields.add(field);
        }
    }
}
