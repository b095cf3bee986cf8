package io.canarykit.newrelic;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.SecretReference;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.providers.http.StubBackend.Reply;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** New Relic's Insights query API wire shapes (https://docs.newrelic.com/docs/apis/insights-apis/query-insights-event-data-api/). */
final class NewRelicFixtures {

    static final String ACCOUNT = "1234567";
    static final String QUERY_KEY = "NRIQ-Kt9sdvWNIqY1Vq5YlO9D28pjFRsz0bQw";

    static final SecretResolver SECRETS = (namespace, name) -> "prod".equals(namespace) && "newrelic".equals(name)
            ? Optional.of(new SecretData(Map.of("newrelic_account_id", ACCOUNT, "newrelic_query_key", QUERY_KEY)))
            : Optional.empty();

    private NewRelicFixtures() {
    }

    static MetricSource source(@Nullable String address) {
        return new MetricSource("prod", new MetricTemplateProvider("newrelic", address, Map.of(),
                new SecretReference("newrelic"), null, null));
    }

    /** An NRQL answer for an unnamed expression: {@code results[0].result}, with New Relic's metadata. */
    static Reply result(String value) {
        return Reply.ok("""
                {"results":[{"result":VALUE}],
                 "performanceStats":{"inspectedCount":2284,"omittedCount":0,"matchCount":2284,"wallClockTime":17},
                 "metadata":{"eventTypes":["Metric"],"eventType":"Metric","openEnded":true,
                   "beginTime":"2023-11-14T22:12:20Z","endTime":"2023-11-14T22:13:20Z",
                   "beginTimeMillis":1699999940000,"endTimeMillis":1700000000000,"rawSince":"60 SECONDS AGO",
                   "rawUntil":"NOW","rawCompareWith":"","guid":"0e46bd4c-4bf8-d8c7-e8f6-4fb4bc1d6c52",
                   "routerGuid":"0e46bd4c-4bf8-d8c7-e8f6-4fb4bc1d6c52","messages":[],
                   "contents":[{"function":"alias","alias":"result","contents":{"function":"binop"}}]}}
                """.replace("VALUE", value));
    }

    /** What an NRQL query with a syntax error gets: HTTP 400 and New Relic's error object. */
    static Reply badNrql() {
        return Reply.json(400, "{\"error\":\"NRQL Syntax Error: Error at line 1 position 8, unexpected 'FROM'\"}");
    }

    /** A wrong query key. */
    static Reply unauthorized() {
        return Reply.json(401, "{\"error\":\"Invalid query key.\"}");
    }
}
