package io.canarykit.newrelic;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.api.BackendException;
import io.canarykit.api.Redaction;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.providers.http.Endpoints;
import io.canarykit.providers.http.HttpAnswer;
import io.canarykit.providers.http.HttpBackend;
import io.canarykit.providers.http.HttpProviderSettings;
import io.canarykit.providers.http.HttpStatus;
import io.canarykit.providers.http.Json;
import io.canarykit.providers.http.ProviderSecrets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MetricProvider} for New Relic, as Flagger's {@code newrelic} provider: {@code GET
 * <address>/v1/accounts/<newrelic_account_id>/query?nrql=<query> SINCE <interval seconds> seconds ago}
 * with the {@code newrelic_query_key} sent as {@code X-Query-Key}; the answer is {@code results[0].result}
 * (the NRQL's unnamed expression). {@code address} defaults to {@code https://insights-api.newrelic.com}
 * (EU accounts: {@code https://insights-api.eu.newrelic.com}). Availability is Flagger's: {@code SELECT * FROM Metric}
 * answers 200.
 *
 * <p>Retries, circuit breaking and time limits as the Prometheus provider's ({@link HttpProviderSettings});
 * the key never reaches a log line or a message. Close it when done.
 */
public final class NewRelicMetricProvider implements MetricProvider, AutoCloseable {

    public static final String TYPE = "newrelic";
    public static final String DEFAULT_ADDRESS = "https://insights-api.newrelic.com";
    public static final String ACCOUNT_ID = "newrelic_account_id";
    public static final String QUERY_KEY = "newrelic_query_key";

    private static final Logger LOG = LoggerFactory.getLogger(NewRelicMetricProvider.class);

    private final HttpProviderSettings settings;
    private final HttpBackend backend;

    private NewRelicMetricProvider(HttpProviderSettings settings) {
        this.settings = settings;
        this.backend = new HttpBackend(TYPE, settings);
    }

    public static NewRelicMetricProvider of(HttpProviderSettings settings) {
        return new NewRelicMetricProvider(Objects.requireNonNull(settings, "settings"));
    }

    public static NewRelicMetricProvider ofDefaults() {
        return of(HttpProviderSettings.ofDefaults());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        MetricResult result = run(query.source(), query.query(), query.interval(), NewRelicMetricProvider::result);
        LOG.debug("newrelic query {} -> {}", query.query(), result);
        return result;
    }

    @Override
    public Availability isOnline(MetricSource source) {
        MetricResult result = run(source, "SELECT * FROM Metric", MetricQuery.DEFAULT_INTERVAL, answer -> MetricResult.value(1));
        if (result instanceof MetricResult.Failure failure) {
            return Availability.offline(failure.message());
        }
        return Availability.ONLINE;
    }

    @Override
    public void close() {
        backend.close();
    }

    private interface BodyMapper {
        MetricResult map(HttpAnswer answer);
    }

    private MetricResult run(MetricSource source, String nrql, Duration interval, BodyMapper mapper) {
        ProviderSecrets secrets = ProviderSecrets.NONE;
        try {
            secrets = ProviderSecrets.resolve(TYPE, settings.secretResolver(), source);
            String accountId = secrets.require(TYPE, ACCOUNT_ID);
            String queryKey = secrets.require(TYPE, QUERY_KEY);
            String address = source.provider().address();
            HttpUrl base = Endpoints.parse(TYPE, address == null || address.isBlank() ? DEFAULT_ADDRESS : address);
            HttpUrl url = base.newBuilder().addPathSegments("v1/accounts").addPathSegment(accountId).addPathSegment("query")
                    .addQueryParameter("nrql", nrql.strip() + " SINCE " + interval.toSeconds() + " seconds ago")
                    .build();
            // The account id is kept in the Secret, so it stays out of messages and breaker names too.
            String where = Endpoints.redacted(url).replace("/" + accountId + "/", "/" + Redaction.MASK + "/");
            Request.Builder request = new Request.Builder().url(url).get().header("Accept", "application/json");
            source.provider().headers().forEach((name, values) -> values.forEach(v -> request.addHeader(name, v)));
            request.header("X-Query-Key", queryKey);
            return secrets.redact(backend.send(where, request.build(), source.provider().isInsecureSkipVerify(),
                    answer -> HttpStatus.check(TYPE, where, answer, Json.errorText(answer.body()))
                            .orElseGet(() -> mapper.map(answer)), List.of(accountId)));
        } catch (BackendException e) {
            return MetricResult.failure(secrets.redact(e.getMessage()), e.retryable());
        } catch (IllegalArgumentException e) {
            return MetricResult.failure(e.getMessage(), false);
        } catch (RuntimeException e) {
            return MetricResult.failure(secrets.redact("newrelic query failed: " + e), true);
        }
    }

    /** Flagger: exactly one result whose {@code result} is a number; else no data. */
    static MetricResult result(HttpAnswer answer) {
        Optional<JsonNode> root = Json.parse(answer.body());
        if (root.isEmpty()) {
            return MetricResult.failure("newrelic answered with something that is not JSON", false);
        }
        JsonNode results = root.get().path("results");
        if (results.size() != 1) {
            return MetricResult.noData("no values found (" + results.size() + " results, expected 1)");
        }
        JsonNode value = results.get(0).path("result");
        if (!value.isNumber()) {
            return MetricResult.noData("no values found (results[0].result is " + (value.isMissingNode() ? "missing" : value) + ")");
        }
        return MetricResult.value(value.asDouble());
    }
}
