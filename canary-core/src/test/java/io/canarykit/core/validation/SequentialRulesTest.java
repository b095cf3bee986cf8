package io.canarykit.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.manifest.ReadResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of the always-valid and latency sequential tests: one bad {@code sequential} block per row. */
class SequentialRulesTest {

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: web}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80}
              analysis:
                interval: 1m
                threshold: 3
                stepWeight: 10
                metrics:
                  - name: guard
                    sequential: SEQUENTIAL
            """;
    private static final String AT = "spec.analysis.metrics[0].sequential";
    private static final String LATENCY = "latency: {buckets: 'h_bucket{deployment=\"{{ target }}\"}', bound: \"0.5\"";

    static Stream<Arguments> rules() {
        return Stream.of(
                error("{method: wald, requests: r, errors: e, acceptableErrorRate: 1}", AT + ".method",
                        "must be one of sprt, always-valid, got \"wald\""),
                error("{method: always-valid, requests: r, errors: e}", AT + ".acceptableErrorRate",
                        "is required unless primaryRequests and primaryErrors are set"),
                error("{method: always-valid, errors: e, acceptableErrorRate: 1}", AT + ".requests", "is required"),
                error("{method: always-valid, requests: r, errors: e, acceptableErrorRate: 0}", AT + ".acceptableErrorRate",
                        "must be greater than 0 and less than 100 (percent), got 0"),
                error("{method: always-valid, requests: r, errors: e, primaryErrors: pe}", AT,
                        "must set both primaryRequests and primaryErrors, or neither"),
                error("{method: always-valid, requests: r, errors: e, acceptableErrorRate: 1, promoteEarly: true}",
                        AT + ".promoteEarly", "the always-valid test only rejects (it has no accept bound), so it cannot promote "
                                + "early; use method sprt"),
                error("{method: always-valid, requests: r, errors: e, primaryRequests: pr, primaryErrors: pe, "
                        + "absoluteTolerance: -1}", AT + ".absoluteTolerance",
                        "must be at least 0 and less than 100 (percentage points), got -1"),
                error("{method: always-valid, requests: r, errors: e, primaryRequests: pr, primaryErrors: pe, "
                        + "relativeTolerance: -0.1}", AT + ".relativeTolerance", "must not be negative, got -0.1"),
                warning("{method: always-valid, requests: r, errors: e, acceptableErrorRate: 1, failingErrorRate: 2}", AT,
                        "failingErrorRate and power are not used by the always-valid test, which needs no failing rate"),
                warning("{requests: r, errors: e, acceptableErrorRate: 1, absoluteTolerance: 1}", AT,
                        "absoluteTolerance and relativeTolerance apply to method always-valid only; the SPRT ignores them"),
                error("{" + LATENCY + "}}", AT + ".latency.allowedSlowPercent", "is required unless primaryBuckets is set"),
                error("{" + LATENCY + ", allowedSlowPercent: 100}}", AT + ".latency.allowedSlowPercent",
                        "must be greater than 0 and less than 100 (percent), got 100"),
                error("{latency: {buckets: h_bucket, bound: +Inf, allowedSlowPercent: 1}}", AT + ".latency.bound",
                        "must be a histogram bucket boundary (the le label value, e.g. \"0.5\"), got \"+Inf\""),
                error("{latency: {buckets: h_bucket, allowedSlowPercent: 1}}", AT + ".latency.bound", "is required"),
                error("{latency: {bound: \"0.5\", allowedSlowPercent: 1}}", AT + ".latency.buckets", "is required"),
                error("{method: sprt, " + LATENCY + ", allowedSlowPercent: 1}}", AT + ".method",
                        "a latency test is always-valid; set method always-valid or leave it unset"),
                warning("{acceptableErrorRate: 1, " + LATENCY + ", allowedSlowPercent: 1}}", AT,
                        "requests, errors, primaryRequests, primaryErrors and acceptableErrorRate are ignored by a latency test, "
                                + "which counts requests from latency.buckets"));
    }

    @ParameterizedTest(name = "{2}: {3}")
    @MethodSource("rules")
    void eachRuleReportsItsPathAndMessage(String manifest, Violation.Severity severity, String path, String message) {
        assertThat(validate(manifest)).contains(new Violation(path, message, severity));
    }

    @Test
    void validAlwaysValidAndLatencyTestsHaveNoFindings() {
        assertThat(validate(with("{method: always-valid, requests: r, errors: e, acceptableErrorRate: 1, cadence: 1s}"))).isEmpty();
        assertThat(validate(with("{method: always-valid, requests: r, errors: e, primaryRequests: pr, primaryErrors: pe, "
                + "absoluteTolerance: 0.5, relativeTolerance: 0.1, alpha: 0.05}"))).isEmpty();
        assertThat(validate(with("{" + LATENCY + ", allowedSlowPercent: 1}, cadence: 1s}"))).isEmpty();
        assertThat(validate(with("{latency: {buckets: h_bucket, primaryBuckets: p_bucket, bound: \"250\"}}"))).isEmpty();
    }

    @Test
    void todaysSprtManifestsKeepTheirRules() {
        assertThat(validate(with("{requests: r, errors: e, acceptableErrorRate: 1, failingErrorRate: 5, alpha: 0.01, power: 0.95}")))
                .isEmpty();
        assertThat(validate(with("{requests: r, errors: e, failingErrorRate: 5}")))
                .contains(new Violation(AT + ".acceptableErrorRate", "is required", Violation.Severity.ERROR));
    }

    private static Arguments error(String sequential, String path, String message) {
        return Arguments.of(with(sequential), Violation.Severity.ERROR, path, message);
    }

    private static Arguments warning(String sequential, String path, String message) {
        return Arguments.of(with(sequential), Violation.Severity.WARNING, path, message);
    }

    private static String with(String sequential) {
        return CANARY.replace("SEQUENTIAL", sequential);
    }

    private static List<Violation> validate(String manifest) {
        ReadResult result = ManifestReader.read(manifest, "test.yaml");
        return Stream.concat(result.allViolations().stream(),
                result.resources().stream().flatMap(r -> ManifestValidator.validate(r).stream())).toList();
    }
}
