package io.canarykit.graphite;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.providers.http.EngineRun;
import io.canarykit.providers.http.TestResilience;
import io.canarykit.testkit.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flagger's documented Graphite MetricTemplate (docs/gitbook/usage/metrics.md) drives the real engine
 * against a real Graphite. The template has no {@code from}, so Graphite renders its default window
 * (the last 24 hours of its own clock): the points are fed at minute-aligned timestamps of the last
 * ten minutes. Every minute holds the same counts, so each 1-minute bucket's success rate is exact.
 *
 * <p>Two changes to the documented template, both forced by Graphite (1.1.10) itself:
 * {@code summarize}'s interval is quoted (unquoted, Graphite parses it as a series path and fails with
 * HTTP 500 "integer modulo by zero"), and the canary's metric interval is {@code 60s}: the docs'
 * {@code 1min} is no Go duration (the canary would be invalid), and Graphite knows no unit {@code m}.
 */
class GraphiteTemplateEngineTest {

    private static final String TEMPLATE = """
            apiVersion: flagger.app/v1beta1
            kind: MetricTemplate
            metadata:
              name: graphite-request-success-rate
              namespace: prod
            spec:
              provider:
                type: graphite
                address: %s
              query: |
                target=summarize(
                  asPercent(
                    sumSeries(
                      stats.timers.httpServerRequests.app.{{target}}.exception.*.method.*.outcome.{CLIENT_ERROR,INFORMATIONAL,REDIRECTION,SUCCESS}.status.*.uri.*.count
                    ),
                    sumSeries(
                      stats.timers.httpServerRequests.app.{{target}}.exception.*.method.*.outcome.*.status.*.uri.*.count
                    )
                  ),
                  '{{interval}}',
                  'avg'
                )
            ---
            """;

    @RegisterExtension
    static final GraphiteServerExtension GRAPHITE = new GraphiteServerExtension();

    @BeforeAll
    static void feed() {
        long minute = Instant.now().getEpochSecond() / 60 * 60;
        List<String> lines = new ArrayList<>();
        for (long t = minute - 600; t < minute; t += 60) {
            // web-good: 198 successes, 2 server errors per minute (99 %); web-bad: 160 and 40 (80 %).
            lines.add(series("web-good", "SUCCESS", "200") + " 190 " + t);
            lines.add(series("web-good", "CLIENT_ERROR", "404") + " 8 " + t);
            lines.add(series("web-good", "SERVER_ERROR", "500") + " 2 " + t);
            lines.add(series("web-bad", "SUCCESS", "200") + " 160 " + t);
            lines.add(series("web-bad", "SERVER_ERROR", "500") + " 40 " + t);
        }
        GRAPHITE.feed(lines);
    }

    private static String series(String app, String outcome, String status) {
        return "stats.timers.httpServerRequests.app." + app + ".exception.None.method.GET.outcome." + outcome
                + ".status." + status + ".uri.root.count";
    }

    private static EngineRun.Outcome run(String target) {
        MutableClock clock = MutableClock.atEpochOfTests();
        try (GraphiteMetricProvider provider = GraphiteMetricProvider.of(TestResilience.settings().clock(clock).build())) {
            return EngineRun.run(provider, clock, TEMPLATE.formatted(GRAPHITE.url())
                    + EngineRun.canary(target, "success rate", "graphite-request-success-rate", "min: 90", "60s"));
        }
    }

    @Test
    void aCanaryAnsweringNinetyNinePercentIsPromoted() {
        EngineRun.Outcome outcome = run("web-good");

        assertThat(outcome.phase()).as("%s", outcome.checks()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(outcome.primaryRevision()).isEqualTo("v2");
        assertThat(outcome.checks()).extracting(CheckResult::value).containsOnly(99.0);
    }

    @Test
    void aCanaryAnsweringEightyPercentIsRolledBack() {
        EngineRun.Outcome outcome = run("web-bad");

        assertThat(outcome.phase()).as("%s", outcome.checks()).isEqualTo(CanaryPhase.FAILED);
        assertThat(outcome.primaryRevision()).isEqualTo("v1");
        assertThat(outcome.canaryWeights()).containsExactly(25, 0);
        assertThat(outcome.checks()).extracting(CheckResult::value).containsOnly(80.0);
    }
}
