package io.canarykit.datadog;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.SecretReference;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.providers.http.StubBackend.Reply;
import java.util.Map;
import java.util.Optional;

/** Datadog's documented wire shapes (https://docs.datadoghq.com/api/latest/metrics/#query-timeseries-points). */
final class DatadogFixtures {

    static final String API_KEY = "9775a026f1ca7d1c6c5af9d94d9595a4";
    static final String APP_KEY = "87ce4a24b5553d2e482ea8a8500e71b8ad4554ff";

    static final SecretResolver SECRETS = (namespace, name) -> "prod".equals(namespace) && "datadog".equals(name)
            ? Optional.of(new SecretData(Map.of("datadog_api_key", API_KEY, "datadog_application_key", APP_KEY)))
            : Optional.empty();

    private DatadogFixtures() {
    }

    static MetricSource source(String address) {
        return new MetricSource("prod", new MetricTemplateProvider("datadog", address, Map.of(),
                new SecretReference("datadog"), null, null));
    }

    /** The response example of GET /api/v1/query, with the first point's value replaced. */
    static Reply series(String firstValue) {
        return Reply.ok("""
                {"status":"ok","res_type":"time_series","resp_version":1,"query":"avg:system.cpu.user{*}",
                 "message":"","group_by":[],"from_date":1577232000000,"to_date":1577404800000,
                 "series":[{"unit":[{"family":"percentage","scale_factor":1.0,"name":"percent","short_name":"%","plural":"percent","id":17},null],
                   "query_index":0,"aggr":"avg","metric":"system.cpu.user","tag_set":[],"expression":"avg:system.cpu.user{*}",
                   "scope":"*","interval":86400,"length":3,"start":1577232000000,"end":1577404799000,
                   "pointlist":[[1577232000000.0,FIRST],[1577318400000.0,56294.46758591842],[1577404800000.0,29325.102158814265]],
                   "display_name":"system.cpu.user","attributes":{}}],
                 "values":[],"times":[]}
                """.replace("FIRST", firstValue));
    }

    static Reply noSeries() {
        return Reply.ok("""
                {"status":"ok","res_type":"time_series","resp_version":1,"query":"avg:does.not.exist{*}","message":"",
                 "group_by":[],"series":[],"from_date":1577232000000,"to_date":1577404800000,"values":[],"times":[]}
                """);
    }

    /** The documented 400 body of a query Datadog cannot parse. */
    static Reply badQuery() {
        return Reply.json(400, "{\"errors\":[\"Error parsing query: \\n unable to parse sum:(: Rule 'scope_expr' didn't match\"]}");
    }

    static Reply forbidden() {
        return Reply.json(403, "{\"errors\":[\"Forbidden\"]}");
    }

    /** Datadog's 429: its rate-limit headers tell when the period resets. */
    static Reply rateLimited() {
        return Reply.json(429, "{\"errors\":[\"Rate limit of 1600 requests in 3600 seconds reached. Please try again later.\"]}")
                .withHeader("X-RateLimit-Limit", "1600").withHeader("X-RateLimit-Period", "3600")
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "42")
                .withHeader("X-RateLimit-Name", "query");
    }
}
