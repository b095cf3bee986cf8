package io.canarykit.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryResource;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One bad manifest per rule: each row edits a valid manifest and names the exact violation it causes. */
class CanaryValidatorTest {

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: web}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80}
              analysis: {interval: 1m, threshold: 3, maxWeight: 50, stepWeight: 10}
            """;
    private static final String TEMPLATE = """
            apiVersion: flagger.app/v1beta1
            kind: MetricTemplate
            metadata: {name: error-rate}
            spec:
              provider: {type: prometheus, address: "http://prometheus:9090"}
              query: vector(1)
            """;
    private static final String PROVIDER = """
            apiVersion: flagger.app/v1beta1
            kind: AlertProvider
            metadata: {name: chat}
            spec: {type: slack, address: "https://hooks.slack.com/x"}
            """;
    private static final String ANALYSIS_END = "stepWeight: 10}";

    static Stream<Arguments> rules() {
        return Stream.of(
                error(CANARY, "metadata: {name: web}", "metadata: {namespace: prod}", "metadata.name", "is required"),
                error(CANARY, "apiVersion: apps/v1, ", "", "spec.targetRef.apiVersion", "is required"),
                error(CANARY, "kind: Deployment, ", "", "spec.targetRef.kind", "is required"),
                error(CANARY, "name: web}\n  service", "}\n  service", "spec.targetRef.name", "is required"),
                error(CANARY, "kind: Deployment", "kind: StatefulSet", "spec.targetRef.kind",
                        "must be one of DaemonSet, Deployment, Service, got \"StatefulSet\""),
                error(CANARY, "service: {port: 80}", "service: {targetPort: 80}", "spec.service.port", "is required"),
                error(CANARY, "port: 80", "port: 70000", "spec.service.port", "must be between 1 and 65535, got 70000"),
                error(CANARY, "spec:\n", "spec:\n  provider: envoy\n", "spec.provider",
                        "must be one of apisix, appmesh, appmesh:v1beta2, contour, gatewayapi, gatewayapi:v1, "
                                + "gatewayapi:v1beta1, gloo, istio, knative, kubernetes, kuma, linkerd, nginx, osm, "
                                + "skipper, smi:v1alpha1, smi:v1alpha2, smi:v1alpha3, traefik, got \"envoy\""),
                error(CANARY, "port: 80", "port: 80, trafficDistribution: Nearby", "spec.service.trafficDistribution",
                        "must be one of PreferClose, PreferSameZone, PreferSameNode, got \"Nearby\""),
                error(CANARY, "spec:\n", "spec:\n  provider: gatewayapi\n", "spec.service.gatewayRefs",
                        "is required for provider gatewayapi"),
                error(CANARY, "spec:\n", "spec:\n  provider: gatewayapi:v1beta1\n", "spec.service.gatewayRefs",
                        "is required for provider gatewayapi:v1beta1"),
                error(CANARY, "port: 80", "port: 80, gatewayRefs: [" + "{name: g},".repeat(33) + "]",
                        "spec.service.gatewayRefs", "must have at most 32 entries, got 33"),
                error(CANARY, "port: 80", "port: 80, gatewayRefs: [{namespace: x}]", "spec.service.gatewayRefs[0].name",
                        "is required"),
                error(CANARY, "spec:\n", "spec:\n  provider: gatewayapi:v1\n", "spec.service.match[0].uri",
                        "suffix match is not supported by the Gateway API provider (supported: exact, prefix or regex)",
                        "port: 80}", "port: 80, gatewayRefs: [{name: gw}], match: [{uri: {suffix: .json}}]}"),
                error(CANARY, "spec:\n", "spec:\n  provider: gatewayapi\n", "spec.analysis.match[0].headers.x-user",
                        "prefix match is not supported by the Gateway API provider (supported: exact or regex)",
                        "port: 80}", "port: 80, gatewayRefs: [{name: gw}]}",
                        "maxWeight: 50, stepWeight: 10}", "iterations: 5, match: [{headers: {x-user: {prefix: beta}}}]}"),
                error(CANARY, "spec:\n", "spec:\n  provider: gatewayapi\n", "spec.analysis.match[0].method",
                        "regex match is not supported by the Gateway API provider (supported: exact)",
                        "port: 80}", "port: 80, gatewayRefs: [{name: gw}]}",
                        "maxWeight: 50, stepWeight: 10}", "iterations: 5, match: [{method: {regex: GET|HEAD}}]}"),
                gatewayApi("timeout: 10s, backendTimeout: 1m30s", "spec.service.backendTimeout",
                        "must not be longer than spec.service.timeout (10s), got 1m30s: Gateway API refuses a "
                                + "backendRequest timeout longer than the request timeout"),
                gatewayApi("timeout: 1.5s", "spec.service.timeout", "must be a Gateway API duration (1 to 4 parts of up "
                        + "to 5 digits with unit h, m, s or ms, such as 1m30s or 500ms), got \"1.5s\""),
                gatewayApi("backendTimeout: 100us", "spec.service.backendTimeout", "must be a Gateway API duration (1 to 4 "
                        + "parts of up to 5 digits with unit h, m, s or ms, such as 1m30s or 500ms), got \"100us\""),
                gatewayApi("hosts: [\"*\"]", "spec.service.hosts[0]", "must be a lower-case DNS name, optionally prefixed "
                        + "with \"*.\", with the Gateway API provider (\"*\" alone matches every host there: leave hosts "
                        + "empty), got \"*\""),
                gatewayApi("hosts: [app.example.com, App.Example.com]", "spec.service.hosts[1]", "must be a lower-case DNS "
                        + "name, optionally prefixed with \"*.\", with the Gateway API provider (\"*\" alone matches every "
                        + "host there: leave hosts empty), got \"App.Example.com\""),
                error(CANARY, "spec:\n", "spec:\n  provider: gatewayapi\n", "spec.service.gatewayRefs[1]",
                        "must be unique, got the same parent as spec.service.gatewayRefs[0]",
                        "port: 80}", "port: 80, gatewayRefs: [{name: gw, namespace: ingress}, "
                                + "{name: gw, namespace: ingress, group: gateway.networking.k8s.io, kind: Gateway}]}"),
                gatewayApi("gatewayRefs: [{name: gw}, {name: gw, sectionName: https}]", "spec.service.gatewayRefs[1].sectionName",
                        "must be set on every reference to the same parent or on none (see spec.service.gatewayRefs[0])"),
                gatewayApi("match: [{uri: {prefix: \"/api//v1\"}}]", "spec.service.match[0].uri.prefix",
                        "must not contain \"//\", \"/./\" or \"/../\" nor end with \"/.\" or \"/..\" with the Gateway API "
                                + "provider, got \"/api//v1\""),
                gatewayApi("match: [{uri: {exact: login}}]", "spec.service.match[0].uri.exact",
                        "must start with \"/\" with the Gateway API provider, got \"login\""),
                gatewayApi("match: [{uri: {exact: \"/a%2Fb\"}}]", "spec.service.match[0].uri.exact",
                        "must not contain \"%2f\", \"%2F\" or \"#\" with the Gateway API provider, got \"/a%2Fb\""),
                gatewayApi("match: [{uri: {exact: \"/a b\"}}]", "spec.service.match[0].uri.exact",
                        "must contain only URI path characters or percent-encodings with the Gateway API provider, got \"/a b\""),
                gatewayApi("match: [{uri: {exact: /login}}], rewrite: {uri: /v2, type: ReplacePrefixMatch}",
                        "spec.service.match[0].uri", "must be a prefix match: Gateway API applies a ReplacePrefixMatch "
                                + "rewrite (spec.service.rewrite.type) only to a prefix match"),
                gatewayApi("mirror: [{backendRef: {name: shadow, port: 80}, fraction: {numerator: 3, denominator: 2}}]",
                        "spec.service.mirror[0].fraction", "must not be above 1 (numerator 3 > denominator 2)"),
                gatewayApi("mirror: [{backendRef: {name: shadow, port: 80}, fraction: {numerator: 101}}]",
                        "spec.service.mirror[0].fraction", "must not be above 1 (numerator 101 > denominator 100)"),
                gatewayApi("mirror: [{backendRef: {name: shadow, port: 80}, percent: 10, fraction: {numerator: 1}}]",
                        "spec.service.mirror[0]", "must set percent or fraction, not both"),
                gatewayApi("mirror: [{backendRef: {name: shadow, port: 80}, percent: 101}]",
                        "spec.service.mirror[0].percent", "must be between 0 and 100, got 101"),
                gatewayApi("mirror: [{backendRef: {name: shadow}, percent: 10}]", "spec.service.mirror[0].backendRef.port",
                        "is required when the mirror is a Service"),
                gatewayApi("corsPolicy: {allowOrigin: [\"*\", \"https://example.com\"]}", "spec.service.corsPolicy.allowOrigin",
                        "must not list \"*\" with other values (\"*\" already allows every value), got [*, https://example.com]"),
                warning(CANARY, "port: 80", "port: 80, timeout: 10s, backendTimeout: 1m30s", "spec.service.backendTimeout",
                        "must not be longer than spec.service.timeout (10s), got 1m30s: Gateway API refuses a "
                                + "backendRequest timeout longer than the request timeout"),
                warning(CANARY, ANALYSIS_END, "stepWeight: 10, mirror: true}", "spec.analysis.mirror",
                        "traffic mirroring with the Gateway API provider requires analysis.iterations (blue/green)"),
                error(CANARY, "spec:\n", "spec:\n  progressDeadlineSeconds: 0\n", "spec.progressDeadlineSeconds",
                        "must be greater than 0, got 0"),
                warning(CANARY, "  analysis: {interval: 1m, threshold: 3, maxWeight: 50, stepWeight: 10}\n", "",
                        "spec.analysis", "is not set, the canary is promoted without analysis"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, iterations: 5}", "spec.analysis",
                        "must set only one of iterations, stepWeight, stepWeights, got iterations and stepWeight"),
                error(CANARY, "maxWeight: 50, stepWeight: 10}", "stepWeights: [10, 20], stepWeight: 10}",
                        "spec.analysis",
                        "must set only one of iterations, stepWeight, stepWeights, got stepWeight and stepWeights"),
                error(CANARY, ", maxWeight: 50, stepWeight: 10}", "}", "spec.analysis",
                        "must set one of iterations, stepWeight, stepWeights"),
                warning(CANARY, "interval: 1m, ", "", "spec.analysis.interval", "is not set, defaulting to 1m0s"),
                warning(CANARY, "threshold: 3, ", "", "spec.analysis.threshold", "is not set, defaulting to 1"),
                error(CANARY, "interval: 1m", "interval: soon", "spec.analysis.interval",
                        "invalid duration \"soon\" (expected a Go duration such as 30s, 1m30s or 500ms)"),
                error(CANARY, "interval: 1m", "interval: 500ms", "spec.analysis.interval", "must be at least 1s, got 500ms"),
                warning(CANARY, "interval: 1m", "interval: 5s", "spec.analysis.interval",
                        "is below 10s, got 5s; Flagger raises it to 10s"),
                error(CANARY, "threshold: 3", "threshold: 0", "spec.analysis.threshold", "must be at least 1, got 0"),
                error(CANARY, "maxWeight: 50, stepWeight: 10}", "iterations: 0}", "spec.analysis.iterations",
                        "must be at least 1, got 0"),
                error(CANARY, "stepWeight: 10", "stepWeight: 0", "spec.analysis.stepWeight",
                        "must be between 1 and 100, got 0"),
                error(CANARY, "maxWeight: 50", "maxWeight: 101", "spec.analysis.maxWeight",
                        "must be between 1 and 100, got 101"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, stepWeightPromotion: 0}", "spec.analysis.stepWeightPromotion",
                        "must be between 1 and 100, got 0"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, mirrorWeight: 120}", "spec.analysis.mirrorWeight",
                        "must be between 0 and 100, got 120"),
                error(CANARY, "maxWeight: 50, stepWeight: 10}", "stepWeights: [0, 20]}", "spec.analysis.stepWeights[0]",
                        "must be between 1 and 100, got 0"),
                warning(CANARY, "maxWeight: 50, stepWeight: 10}", "stepWeights: [50, 120]}",
                        "spec.analysis.stepWeights[1]", "must be at most 100, got 120; capped at 100, as Flagger caps it"),
                error(CANARY, "maxWeight: 50, stepWeight: 10}", "stepWeights: [10, 20, 20]}",
                        "spec.analysis.stepWeights[2]", "must be greater than the previous entry 20, got 20"),
                warning(CANARY, "stepWeight: 10", "stepWeight: 60", "spec.analysis.stepWeight",
                        "is greater than maxWeight 50, got 60; the first step is clamped to 50"),
                warning(CANARY, "stepWeight: 10}", "stepWeights: [10, 30]}", "spec.analysis.maxWeight",
                        "is ignored when stepWeights is set, got 50; the last step weight is the maximum"),
                warning(CANARY, "stepWeight: 10}", "iterations: 10}", "spec.analysis.maxWeight",
                        "is ignored when iterations is set, got 50"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, thresholdMode: sometimes}", "spec.analysis.thresholdMode",
                        "must be one of consecutive, cumulative, got \"sometimes\""),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, primaryReadyThreshold: 101}",
                        "spec.analysis.primaryReadyThreshold", "must be between 0 and 100, got 101"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, canaryReadyThreshold: -1}",
                        "spec.analysis.canaryReadyThreshold", "must be between 0 and 100, got -1"),
                error(CANARY, "maxWeight: 50, stepWeight: 10}", "iterations: 5, match: [{headers: {x-canary: {}}}]}",
                        "spec.analysis.match[0].headers.x-canary",
                        "must set exactly one of exact, prefix, suffix, regex, got none"),
                error(CANARY, "maxWeight: 50, stepWeight: 10}",
                        "iterations: 5, match: [{uri: {exact: /a, regex: /b.*}}]}", "spec.analysis.match[0].uri",
                        "must set exactly one of exact, prefix, suffix, regex, got exact and regex"),
                warning(CANARY, ANALYSIS_END, "stepWeight: 10, match: [{headers: {x: {exact: y}}}]}",
                        "spec.analysis.match", "is ignored without iterations, got 1 conditions"),
                error(CANARY, "port: 80", "port: 80, match: [{method: {}}]", "spec.service.match[0].method",
                        "must set exactly one of exact, prefix, suffix, regex, got none"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: request-success-rate}]}",
                        "spec.analysis.metrics[0].thresholdRange", "is required: without thresholdRange (or the deprecated "
                                + "threshold) the success rate is compared with 0%, so the check can never fail"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: request-duration, interval: 1m}]}",
                        "spec.analysis.metrics[0].thresholdRange", "is required: without thresholdRange (or the deprecated "
                                + "threshold) the latency is compared with 0ms, so the check fails for any request"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: errors, templateRef: {name: error-rate}}]}",
                        "spec.analysis.metrics[0].thresholdRange", "is required: without thresholdRange (or the deprecated "
                                + "threshold) the value is compared with 0, so the check fails for any positive value and "
                                + "passes for 0"),
                error(CANARY, ANALYSIS_END,
                        "stepWeight: 10, metrics: [{name: errors, templateRef: {name: e}, thresholdRange: {maximum: 500}}]}",
                        "spec.analysis.metrics[0].thresholdRange",
                        "must set min or max: an empty range lets every value pass, so the check can never fail"),
                warning(CANARY, ANALYSIS_END,
                        "stepWeight: 10, metrics: [{name: errors, templateRef: {name: e}, thresholdRange: {maximum: 500}}]}",
                        "spec.analysis.metrics[0].thresholdRange.maximum", "unknown field, ignored (did you mean \"max\"?)"),
                warning(CANARY, "threshold: 3", "treshold: 3", "spec.analysis.treshold",
                        "unknown field, ignored (did you mean \"threshold\"?)"),
                warning(CANARY, ", stepWeight: 10}", "}", "spec.analysis.iterations",
                        "is not set, the kubernetes provider runs 10 iterations", "spec:\n", "spec:\n  provider: kubernetes\n"),
                error(CANARY, "spec:\n", "spec:\n  provider: knative\n", "spec.targetRef", "can't use apps/v1/Deployment as "
                        + "target if provider is set to knative: the target must be a serving.knative.dev/v1 Service"),
                error(CANARY, "apiVersion: apps/v1, kind: Deployment", "apiVersion: serving.knative.dev/v1, kind: Service",
                        "spec.provider", "can't use \"\" provider with a Knative Service as target: set provider: knative"),
                error(CANARY, "kind: Deployment", "kind: Deploymnet", "spec.targetRef.kind",
                        "must be one of DaemonSet, Deployment, Service, got \"Deploymnet\" (did you mean \"Deployment\"?)"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{interval: 1m, query: up}]}",
                        "spec.analysis.metrics[0].name", "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: request-duration}, {name: request-duration}]}",
                        "spec.analysis.metrics[1].name",
                        "must be unique, got \"request-duration\" again (first at spec.analysis.metrics[0])"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: error-rate}]}", "spec.analysis.metrics[0]",
                        "must be a builtin metric (request-success-rate, request-duration) or set query, templateRef or sequential, "
                                + "got name \"error-rate\""),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: request-duration, baseline: {direction: up}}]}",
                        "spec.analysis.metrics[0].baseline.direction",
                        "must be one of lower-is-better, higher-is-better, got \"up\""),
                error(CANARY, ANALYSIS_END,
                        "stepWeight: 10, metrics: [{name: request-duration, baseline: {relativeTolerance: -0.1}}]}",
                        "spec.analysis.metrics[0].baseline.relativeTolerance", "must not be negative, got -0.1"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: request-duration, minSamples: {count: 10}}]}",
                        "spec.analysis.metrics[0].minSamples.query", "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: request-duration, minSamples: {query: up, count: 0}}]}",
                        "spec.analysis.metrics[0].minSamples.count", "must be at least 1, got 0"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: request-duration, "
                        + "minSamples: {query: up, count: 5, maxInsufficientChecks: 0}}]}",
                        "spec.analysis.metrics[0].minSamples.maxInsufficientChecks", "must be at least 1, got 0"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {errors: e, "
                        + "acceptableErrorRate: 1, failingErrorRate: 5}}]}",
                        "spec.analysis.metrics[0].sequential.requests", "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {requests: r, errors: e, "
                        + "failingErrorRate: 5}}]}",
                        "spec.analysis.metrics[0].sequential.acceptableErrorRate", "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {requests: r, errors: e, "
                        + "acceptableErrorRate: 5, failingErrorRate: 2}}]}",
                        "spec.analysis.metrics[0].sequential.failingErrorRate",
                        "must be greater than acceptableErrorRate 5, got 2"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {requests: r, errors: e, "
                        + "acceptableErrorRate: 1, failingErrorRate: 150}}]}",
                        "spec.analysis.metrics[0].sequential.failingErrorRate",
                        "must be greater than 0 and less than 100 (percent), got 150"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {requests: r, errors: e, "
                        + "acceptableErrorRate: 1, failingErrorRate: 5, alpha: 0.7}}]}",
                        "spec.analysis.metrics[0].sequential.alpha", "must be greater than 0 and less than 0.5, got 0.7"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {requests: r, errors: e, "
                        + "acceptableErrorRate: 1, failingErrorRate: 5, power: 0.3}}]}",
                        "spec.analysis.metrics[0].sequential.power", "must be greater than 0.5 and less than 1, got 0.3"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {requests: r, errors: e, "
                        + "acceptableErrorRate: 1, failingErrorRate: 5, cadence: 500ms}}]}",
                        "spec.analysis.metrics[0].sequential.cadence", "must be at least 1s, got 500ms"),
                warning(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {requests: r, errors: e, "
                        + "acceptableErrorRate: 1, failingErrorRate: 5, cadence: 2m}}]}",
                        "spec.analysis.metrics[0].sequential.cadence",
                        "is not shorter than the analysis interval, got 2m; the test only runs with the analysis"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: e, sequential: {requests: r, errors: e, "
                        + "primaryRequests: pr, acceptableErrorRate: 1, failingErrorRate: 5}}]}",
                        "spec.analysis.metrics[0].sequential", "must set both primaryRequests and primaryErrors, or neither"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: x, templateRef: {namespace: y}}]}",
                        "spec.analysis.metrics[0].templateRef.name", "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, metrics: [{name: request-duration, interval: 1 minute}]}",
                        "spec.analysis.metrics[0].interval",
                        "invalid duration \"1 minute\" (expected a Go duration such as 30s, 1m30s or 500ms)"),
                error(CANARY, ANALYSIS_END,
                        "stepWeight: 10, metrics: [{name: request-duration, thresholdRange: {min: 5, max: 1.5}}]}",
                        "spec.analysis.metrics[0].thresholdRange", "min must not be greater than max, got min 5 and max 1.5"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{url: \"http://t/\"}]}",
                        "spec.analysis.webhooks[0].name", "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{name: t}]}", "spec.analysis.webhooks[0].url",
                        "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{name: t, url: flagger-loadtester/}]}",
                        "spec.analysis.webhooks[0].url", "must be an absolute http or https URL, got \"flagger-loadtester/\""),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{name: t, url: \"ftp://t/\"}]}",
                        "spec.analysis.webhooks[0].url", "must be an absolute http or https URL, got \"ftp://t/\""),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{name: t, url: \"http://t/\", type: pre}]}",
                        "spec.analysis.webhooks[0].type", "must be one of confirm-rollout, pre-rollout, rollout, "
                                + "confirm-traffic-increase, confirm-promotion, post-rollout, rollback, event, got \"pre\" (did you mean \"pre-rollout\"?)"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{name: t, url: \"http://t/\", timeout: 15}]}",
                        "spec.analysis.webhooks[0].timeout", "must be a string, got 15"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{name: t, url: \"http://t/\", timeout: 15x}]}",
                        "spec.analysis.webhooks[0].timeout",
                        "invalid duration \"15x\" (expected a Go duration such as 30s, 1m30s or 500ms)"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{name: t, url: \"http://t/\", timeout: 0s}]}",
                        "spec.analysis.webhooks[0].timeout", "must be greater than 0s, got 0s"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, webhooks: [{name: t, url: \"http://t/\", retries: -1}]}",
                        "spec.analysis.webhooks[0].retries", "must be at least 0, got -1"),
                error(CANARY, ANALYSIS_END,
                        "stepWeight: 10, webhooks: [{name: t, url: \"http://t/\"}, {name: t, url: \"http://u/\"}]}",
                        "spec.analysis.webhooks[1].name",
                        "must be unique, got \"t\" again (first at spec.analysis.webhooks[0])"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, alerts: [{providerRef: {name: p}}]}",
                        "spec.analysis.alerts[0].name", "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, alerts: [{name: a, severity: critical, providerRef: {name: p}}]}",
                        "spec.analysis.alerts[0].severity", "must be one of info, warn, error, got \"critical\""),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, alerts: [{name: a}]}", "spec.analysis.alerts[0].providerRef.name",
                        "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, sessionAffinity: {maxAge: 60}}",
                        "spec.analysis.sessionAffinity.cookieName", "is required"),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, sessionAffinity: {cookieName: c, primaryCookieName: c}}",
                        "spec.analysis.sessionAffinity.primaryCookieName", "must differ from cookieName, got \"c\""),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, sessionAffinity: {cookieName: c, sameSite: Loose}}",
                        "spec.analysis.sessionAffinity.sameSite", "must be one of Strict, Lax, None, got \"Loose\""),
                error(CANARY, ANALYSIS_END, "stepWeight: 10, sessionAffinity: {cookieName: c, maxAge: -1}}",
                        "spec.analysis.sessionAffinity.maxAge", "must be at least 0, got -1"),
                error(CANARY, "  analysis: {", "  canaryAnalysis: {", "spec.canaryAnalysis.stepWeight",
                        "must be between 1 and 100, got 0", "stepWeight: 10", "stepWeight: 0"),
                error(TEMPLATE, "metadata: {name: error-rate}", "metadata: {}", "metadata.name", "is required"),
                error(TEMPLATE, "type: prometheus, ", "", "spec.provider.type", "is required"),
                warning(TEMPLATE, "type: prometheus", "type: victoria", "spec.provider.type",
                        "\"victoria\" is not a provider type Flagger knows (prometheus, influxdb, datadog, externalmetrics, "
                                + "stackdriver, cloudwatch, newrelic, graphite, dynatrace, keptn, splunk); it must be "
                                + "registered at run time"),
                warning(TEMPLATE, "type: prometheus", "type: promethues", "spec.provider.type",
                        "\"promethues\" is not a provider type Flagger knows (prometheus, influxdb, datadog, externalmetrics, "
                                + "stackdriver, cloudwatch, newrelic, graphite, dynatrace, keptn, splunk); it must be "
                                + "registered at run time (did you mean \"prometheus\"?)"),
                error(TEMPLATE, "\"http://prometheus:9090\"", "prometheus:9090", "spec.provider.address",
                        "must be an absolute http or https URL, got \"prometheus:9090\""),
                error(TEMPLATE, "  query: vector(1)\n", "", "spec.query", "is required"),
                error(PROVIDER, "metadata: {name: chat}", "metadata: {}", "metadata.name", "is required"),
                error(PROVIDER, "type: slack", "type: pager", "spec.type",
                        "must be one of slack, discord, rocket, msteams, gchat, got \"pager\""),
                error(PROVIDER, "type: slack, ", "", "spec.type", "is required"),
                error(PROVIDER, ", address: \"https://hooks.slack.com/x\"", "", "spec.address",
                        "is required unless secretRef is set"),
                error(PROVIDER, "\"https://hooks.slack.com/x\"", "hooks.slack.com", "spec.address",
                        "must be an absolute http or https URL, got \"hooks.slack.com\""),
                error(PROVIDER, "}", ", proxy: \"proxy:3128\"}", "spec.proxy",
                        "must be an absolute http or https URL, got \"proxy:3128\""));
    }

    @Test
    void theBaseManifestsAreClean() {
        for (String base : List.of(CANARY, TEMPLATE, PROVIDER)) {
            assertThat(validate(base)).isEmpty();
        }
        assertThat(validate(PROVIDER.replace("address: \"https://hooks.slack.com/x\"", "secretRef: {name: s}")))
                .isEmpty();
    }

    @ParameterizedTest(name = "{2}: {3}")
    @MethodSource("rules")
    void eachRuleReportsItsPathAndMessage(String manifest, Violation.Severity severity, String path, String message) {
        assertThat(manifest).isNotIn(CANARY, TEMPLATE, PROVIDER);
        assertThat(validate(manifest)).contains(new Violation(path, message, severity));
    }

    @Test
    void aPlainServiceTargetIsLeftToTheBuildsTargetControllers() {
        String service = CANARY.replace("apiVersion: apps/v1, kind: Deployment", "apiVersion: v1, kind: Service");

        assertThat(validate(service)).isEmpty();
    }

    @Test
    void whatThisBuildCannotRunIsAWarningNamingWhatItHas() {
        BuildCapabilities build = BuildCapabilities.of(List.of("prometheus", "file"), List.of("gatewayapi", "kubernetes"));
        CanaryResource istio = read(CANARY.replace("spec:\n", "spec:\n  provider: istio\n")).get(0);
        CanaryResource datadog = read(TEMPLATE.replace("type: prometheus", "type: datadog")).get(0);
        CanaryResource plugin = read(TEMPLATE.replace("type: prometheus", "type: file")).get(0);

        assertThat(ManifestValidator.validate(istio, build)).containsExactly(Violation.warning("spec.provider",
                "no traffic router for provider \"istio\" in this build (gatewayapi, kubernetes); it must be registered at run time"));
        assertThat(ManifestValidator.validate(datadog, build)).containsExactly(Violation.warning("spec.provider.type",
                "no provider of type \"datadog\" in this build; it must be registered at run time"));
        assertThat(ManifestValidator.validate(plugin, build)).isEmpty();
        assertThat(ManifestValidator.validate(datadog)).as("a library that does not know its build").isEmpty();
        assertThat(ManifestValidator.validate(istio)).isEmpty();
    }

    @Test
    void everyViolationIsReportedNotJustTheFirst() {
        String manifest = CANARY.replace("stepWeight: 10", "stepWeight: 0").replace("port: 80", "port: 0")
                .replace("interval: 1m", "interval: x");

        assertThat(validate(manifest)).extracting(Violation::path)
                .containsExactly("spec.service.port", "spec.analysis.interval", "spec.analysis.stepWeight");
    }

    @Test
    void whatOnlyAnHttpRouteRefusesIsNoProblemForAnotherProvider() {
        String manifest = CANARY.replace("spec:\n", "spec:\n  provider: istio\n").replace("port: 80}",
                "port: 80, timeout: 1.5s, backendTimeout: 1m30s, hosts: [\"*\", App.Example.com], "
                        + "match: [{uri: {prefix: \"/a//b\"}}], "
                        + "mirror: [{backendRef: {name: shadow}, percent: 10, fraction: {numerator: 3, denominator: 2}}]}");

        assertThat(validate(manifest)).as("only what the Istio router ignores").containsExactly(
                Violation.warning("spec.service.backendTimeout", "is ignored by provider istio (a Gateway API setting: the "
                        + "VirtualService has service.timeout only)"),
                Violation.warning("spec.service.mirror", "is ignored by provider istio (a Gateway API setting: with Istio, "
                        + "analysis.mirror mirrors to the canary)"));
    }

    @Test
    void rulesHaveUniqueNames() {
        assertThat(CanaryValidator.rules()).extracting(ValidationRule::name).doesNotHaveDuplicates();
        assertThat(CanaryValidator.rules().get(0).apply(
                (io.canarykit.api.model.Canary) read(CANARY.replace("{name: web}", "{}")).get(0)))
                .containsExactly(Violation.error("metadata.name", "is required"));
    }

    private static Arguments error(String base, String from, String to, String path, String message, String... more) {
        return row(base, from, to, Violation.Severity.ERROR, path, message, more);
    }

    /** A Gateway API canary ({@code provider: gatewayapi}, one gateway) whose service also has {@code service}. */
    private static Arguments gatewayApi(String service, String path, String message) {
        String refs = service.contains("gatewayRefs") ? "" : "gatewayRefs: [{name: gw}], ";
        return error(CANARY, "spec:\n", "spec:\n  provider: gatewayapi\n", path, message,
                "port: 80}", "port: 80, " + refs + service + "}");
    }

    private static Arguments warning(String base, String from, String to, String path, String message, String... more) {
        return row(base, from, to, Violation.Severity.WARNING, path, message, more);
    }

    private static Arguments row(String base, String from, String to, Violation.Severity severity, String path,
            String message, String... more) {
        if (!base.contains(from)) {
            throw new IllegalArgumentException("the base manifest has no " + from);
        }
        String manifest = base.replace(from, to);
        for (int i = 0; i + 1 < more.length; i += 2) {
            manifest = manifest.replace(more[i], more[i + 1]);
        }
        return Arguments.of(manifest, severity, path, message);
    }

    /** What {@code canary validate} reports: reading problems (a number where a string goes) and rule violations. */
    private static List<Violation> validate(String manifest) {
        ReadResult result = ManifestReader.read(manifest, "test.yaml");
        return Stream.concat(result.allViolations().stream(),
                result.resources().stream().flatMap(r -> ManifestValidator.validate(r).stream())).toList();
    }

    private static List<CanaryResource> read(String manifest) {
        ReadResult result = ManifestReader.read(manifest, "test.yaml");
        assertThat(result.allViolations()).filteredOn(Violation::isError).isEmpty();
        return result.resources();
    }
}
