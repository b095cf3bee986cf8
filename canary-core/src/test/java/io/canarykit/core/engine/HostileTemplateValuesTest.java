package io.canarykit.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.QueryQuoting;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile values × query languages: every value either lands in the query where the template put
 * it — escaped so that it cannot end the literal, open a clause or comment out the rest — or the
 * rendering is refused with the placeholder named. Never a silently altered query.
 */
class HostileTemplateValuesTest {

    private static final String REFUSED = "REFUSED: ";

    private static TemplateVariables vars(String value) {
        return new TemplateVariables("web", "prod", "web", "web", "web", "web", "1m", Map.of("v", value), "5m");
    }

    /** language, template (the placeholder {{ variables.v }}), hostile value, exact rendering or REFUSED: <part of the reason>. */
    static Stream<Arguments> cases() {
        return Stream.of(
                // PromQL, inside "…": Go escapes keep the value in the label matcher.
                Arguments.of(QueryQuoting.PROMQL, "errors{app=\"{{ variables.v }}\"}", "web\"} or vector(1) #",
                        "errors{app=\"web\\\"} or vector(1) #\"}"),
                Arguments.of(QueryQuoting.PROMQL, "errors{app=\"{{ variables.v }}\"}", "web\\", "errors{app=\"web\\\\\"}"),
                Arguments.of(QueryQuoting.PROMQL, "errors{app=\"{{ variables.v }}\"}", "web\"}\nor vector(1)",
                        "errors{app=\"web\\\"}\\nor vector(1)\"}"),
                Arguments.of(QueryQuoting.PROMQL, "errors{app=\"{{ variables.v }}\"}", "{{ namespace }}", "errors{app=\"{{ namespace }}\"}"),
                Arguments.of(QueryQuoting.PROMQL, "errors{app=\"{{ variables.v }}\"}", "' OR 1=1", "errors{app=\"' OR 1=1\"}"),
                // PromQL, inside '…' and `…`.
                Arguments.of(QueryQuoting.PROMQL, "errors{app='{{ variables.v }}'}", "web'} or vector(1) #",
                        "errors{app='web\\'} or vector(1) #'}"),
                Arguments.of(QueryQuoting.PROMQL, "errors{app=`{{ variables.v }}`}", "web`} or vector(1) #",
                        REFUSED + "a `…` string of PromQL cannot hold its quote"),
                // PromQL, outside any literal: only plain tokens.
                Arguments.of(QueryQuoting.PROMQL, "rate(errors[{{ variables.v }}])", "1m]) or vector(1) #",
                        REFUSED + "outside a string literal of the PromQL query"),
                Arguments.of(QueryQuoting.PROMQL, "errors > {{ variables.v }}", "0 or vector(1)", REFUSED + "outside a string literal"),
                Arguments.of(QueryQuoting.PROMQL, "rate(errors[{{ variables.v }}])", "5m", "rate(errors[5m])"),
                // A placeholder after a comment marker, or after a backslash, is treated as outside a literal.
                Arguments.of(QueryQuoting.PROMQL, "errors # {{ variables.v }}", "x\nor vector(1)", REFUSED + "unclear whether"),
                Arguments.of(QueryQuoting.PROMQL, "errors{app=\"\\{{ variables.v }}\"}", "\"} or vector(1) #",
                        REFUSED + "unclear whether"),
                // Flux (InfluxDB 2): backslash escapes, and ${ that would interpolate.
                Arguments.of(QueryQuoting.FLUX, "filter(fn: (r) => r.app == \"{{ variables.v }}\")", "web\" or true //",
                        "filter(fn: (r) => r.app == \"web\\\" or true //\")"),
                Arguments.of(QueryQuoting.FLUX, "filter(fn: (r) => r.app == \"{{ variables.v }}\")", "${r._value}",
                        "filter(fn: (r) => r.app == \"\\${r._value}\")"),
                Arguments.of(QueryQuoting.FLUX, "range(start: -{{ variables.v }})", "1m) |> drop(", REFUSED + "outside a string literal"),
                // NRQL (New Relic): no escape is trusted inside '…'.
                Arguments.of(QueryQuoting.NRQL, "SELECT count(*) FROM Transaction WHERE appName = '{{ variables.v }}'", "' OR 1=1",
                        REFUSED + "a '…' string of NRQL cannot hold its quote"),
                Arguments.of(QueryQuoting.NRQL, "SELECT count(*) FROM Transaction WHERE appName = '{{ variables.v }}'", "web\\' OR 1=1",
                        REFUSED + "a '…' string of NRQL"),
                Arguments.of(QueryQuoting.NRQL, "SELECT count(*) FROM Transaction WHERE appName = '{{ variables.v }}'", "web \"shop\"",
                        "SELECT count(*) FROM Transaction WHERE appName = 'web \"shop\"'"),
                Arguments.of(QueryQuoting.NRQL, "SELECT count(*) FROM Transaction WHERE duration > {{ variables.v }}", "0 OR 1=1",
                        REFUSED + "outside a string literal of the NRQL query"),
                // Datadog: tags are plain tokens.
                Arguments.of(QueryQuoting.DATADOG, "avg:errors{service:{{ variables.v }}}", "web} or avg:ok{*", REFUSED + "outside a string"),
                Arguments.of(QueryQuoting.DATADOG, "avg:errors{service:{{ variables.v }}}", "web-api_2", "avg:errors{service:web-api_2}"),
                // Graphite: render parameters, so & never goes in, quoted or not.
                Arguments.of(QueryQuoting.GRAPHITE, "target=sumSeries(app.{{ variables.v }}.errors)", "web)&target=constantLine(0",
                        REFUSED + "\"&\" cannot go into a Graphite query"),
                Arguments.of(QueryQuoting.GRAPHITE, "target=alias(app.errors,'{{ variables.v }}')", "a&from=-1y",
                        REFUSED + "\"&\" cannot go into a Graphite query"),
                Arguments.of(QueryQuoting.GRAPHITE, "target=alias(app.errors,'{{ variables.v }}')", "x'),constantLine(0",
                        REFUSED + "a '…' string of Graphite"),
                // CloudWatch: JSON around expressions with '…' strings: quotes refused everywhere.
                Arguments.of(QueryQuoting.CLOUDWATCH, "[{\"Id\":\"e\",\"Expression\":\"SUM(SEARCH('{{ variables.v }}', 'Sum', 60))\"}]",
                        "x', 'Sum', 60)) + 1000 + SUM(SEARCH('x", REFUSED + "\"'\" cannot go into a CloudWatch query"),
                Arguments.of(QueryQuoting.CLOUDWATCH, "[{\"Id\":\"e\",\"Label\":\"{{ variables.v }}\"}]", "x\"}]", REFUSED
                        + "a \"…\" string of CloudWatch"),
                // An unknown language: every quote refused inside literals.
                Arguments.of(QueryQuoting.STRICT, "q(\"{{ variables.v }}\")", "x\") or q(\"", REFUSED + "a \"…\" string of query"),
                Arguments.of(QueryQuoting.STRICT, "q(\"{{ variables.v }}\")", "web shop", "q(\"web shop\")"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    @DisplayName("a hostile variable is escaped where the language allows, refused elsewhere")
    void hostileVariable(QueryQuoting language, String template, String value, String expected) {
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(template, vars(value), language);

        if (expected.startsWith(REFUSED)) {
            assertThat(rendered.ok()).as("refused: %s", rendered.query()).isFalse();
            assertThat(rendered.error()).startsWith("{{ variables.v }} is " + TemplateRenderer.shown(value))
                    .contains(expected.substring(REFUSED.length()));
        } else {
            assertThat(rendered.error()).isEmpty();
            assertThat(rendered.query()).isEqualTo(expected);
        }
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("target", "web\"} or vector(1) #", "a Kubernetes name"),
                Arguments.of("namespace", "prod' OR 1=1", "a Kubernetes name"),
                Arguments.of("name", "web\nor vector(1)", "a Kubernetes name"),
                Arguments.of("service", "web{{ target }}", "a Kubernetes name"),
                Arguments.of("interval", "1m]) or vector(1) #", "a duration"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("names")
    @DisplayName("names and durations must be plain tokens in every language, quoted or not")
    void hostileNameOrDuration(String variable, String value, String what) {
        for (QueryQuoting language : new QueryQuoting[] {QueryQuoting.PROMQL, QueryQuoting.FLUX, QueryQuoting.NRQL, QueryQuoting.DATADOG,
                QueryQuoting.GRAPHITE, QueryQuoting.CLOUDWATCH, QueryQuoting.STRICT}) {
            TemplateVariables hostile = with(variable, value);
            for (String template : new String[] {"x{a=\"{{ " + variable + " }}\"}", "x{a='{{ " + variable + " }}'}",
                    "x[{{ " + variable + " }}]"}) {
                TemplateRenderer.Rendered rendered = TemplateRenderer.render(template, hostile, language);

                assertThat(rendered.ok()).as("%s in %s", template, language.language()).isFalse();
                assertThat(rendered.error()).isEqualTo("{{ " + variable + " }} is " + TemplateRenderer.shown(value) + ", not " + what);
            }
        }
    }

    private static TemplateVariables with(String variable, String value) {
        TemplateVariables v = vars("x");
        return new TemplateVariables(variable.equals("name") ? value : v.name(), variable.equals("namespace") ? value : v.namespace(),
                variable.equals("target") ? value : v.target(), variable.equals("service") ? value : v.service(), v.ingress(),
                v.route(), variable.equals("interval") ? value : v.interval(), v.variables(), v.elapsed());
    }

    @Test
    void flaggersOrdinaryTemplatesRenderAsBefore() {
        TemplateVariables ordinary = new TemplateVariables("podinfo", "test", "podinfo", "podinfo", "podinfo", "podinfo", "1m",
                Map.of("direction", "inbound", "codes", "5.."), "1m30s");
        String template = "sum(rate(requests{namespace=\"{{ namespace }}\",pod=~\"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\","
                + "direction=\"{{ variables.direction }}\",code=~\"{{ variables.codes }}\"}[{{ interval }}])) / {{ elapsed }}";

        TemplateRenderer.Rendered quoted = TemplateRenderer.render(template, ordinary, QueryQuoting.PROMQL);

        assertThat(quoted.error()).isEmpty();
        assertThat(quoted.query()).isEqualTo(TemplateRenderer.render(template, ordinary).query())
                .isEqualTo("sum(rate(requests{namespace=\"test\",pod=~\"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)\",direction=\"inbound\","
                        + "code=~\"5..\"}[1m])) / 1m30s");
    }

    @Test
    void eachProviderTypeFlaggerKnowsHasItsLanguage() {
        assertThat(Stream.of("prometheus", "influxdb", "cloudwatch", "newrelic", "datadog", "graphite", "dynatrace")
                .map(type -> QueryQuoting.forType(type).language()))
                .containsExactly("PromQL", "Flux", "CloudWatch", "NRQL", "Datadog", "Graphite", "query");
    }
}
