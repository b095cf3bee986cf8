package io.canarykit.datadog;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarykit.api.BackendException;
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
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MetricProvider} for Datadog, as Flagger's {@code datadog} provider: {@code GET /api/v1/query}
 * with {@code query}, {@code from} = evaluation time − 10 × interval and {@code to} = evaluation time
 * (Unix seconds), the keys {@code datadog_api_key} / {@code datadog_application_key} of the
 * {@code secretRef} sent as {@code DD-API-KEY} / {@code DD-APPLICATION-KEY}. The answer is the first
 * (oldest) point of the first series: Flagger's choice, since the newest bucket is almost always
 * incomplete. {@code address} replaces the site ({@code https://api.datadoghq.eu}, {@code
 * https://api.us3.datadoghq.com}, ...), default {@code https://api.datadoghq.com}. Availability is
 * Flagger's: {@code GET /api/v1/validate} with the keys answers 200.
 *
 * <p>Retries, circuit breaking and time limits are the Prometheus provider's ({@link HttpProviderSettings}).
 * The keys never reach a log line or a result message. Close it when done.
 */
public final class DatadogMetricProvider implements MetricProvider, AutoCloseable {

    public static final String TYPE = "datadog";
    public static final String DEFAULT_ADDRESS = "https://api.datadoghq.com";
    public static final String API_KEY = "datadog_api_key";
    public static final String APPLICATION_KEY = "datadog_application_key";
    /** Flagger's {@code datadogFromDeltaMultiplierOnMetricInterval}. */
    static final int FROM_DELTA_INTERVALS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(DatadogMetricProvider.class);

    private final HttpProviderSettings settings;
    private final HttpBackend backend;

    private DatadogMetricProvider(HttpProviderSettings settings) {
        this.settings = settings;
        this.backend = new HttpBackend(TYPE, settings);
    }

    public static DatadogMetricProvider of(HttpProviderSettings settings) {
        return new DatadogMetricProvider(Objects.requireNonNull(settings, "settings"));
    }

    public static DatadogMetricProvider ofDefaults() {
        return of(HttpProviderSettings.ofDefaults());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        Instant to = query.at() != null ? query.at() : settings.clock().instant();
        Instant from = to.minus(query.interval().multipliedBy(FROM_DELTA_INTERVALS));
        MetricResult result = call(query.source(), "api/v1/query", url -> url
                .addQueryParameter("query", query.query())
                .addQueryParameter("from", Long.toString(from.getEpochSecond()))
                .addQueryParameter("to", Long.toString(to.getEpochSecond())), DatadogMetricProvider::firstPoint);
        LOG.debug("datadog query {} -> {}", query.query(), result);
        return result;
    }

    @Override
    public Availability isOnline(MetricSource source) {
        MetricResult result = call(source, "api/v1/validate", url -> url, answer -> MetricResult.value(1));
        if (result instanceof MetricResult.Failure failure) {
            return Availability.offline(failure.message());
        }
        return result instanceof MetricResult.Value ? Availability.ONLINE : Availability.offline("datadog key validation failed");
    }

    @Override
    public void close() {
        backend.close();
    }

    private interface UrlShaper {
        HttpUrl.Builder shape(HttpUrl.Builder url);
    }

    private interface BodyMapper {
        MetricResult map(HttpAnswer answer);
    }

    private MetricResult call(MetricSource source, String path, UrlShaper shaper, BodyMapper mapper) {
        ProviderSecrets secrets = ProviderSecrets.NONE;
        try {
            secrets = ProviderSecrets.resolve(TYPE, settings.secretResolver(), source);
            String apiKey = secrets.require(TYPE, API_KEY);
            String applicationKey = secrets.require(TYPE, APPLICATION_KEY);
            String address = source.provider().address();
            HttpUrl base = Endpoints.parse(TYPE, address == null || address.isBlank() ? DEFAULT_ADDRESS : address);
            HttpUrl url = shaper.shape(base.newBuilder().addPathSegments(path)).build();
            String where = Endpoints.redacted(url);
            Request.Builder request = new Request.Builder().url(url).get().header("Accept", "application/json");
            source.provider().headers().forEach((name, values) -> values.forEach(v -> request.addHeader(name, v)));
            request.header("DD-API-KEY", apiKey).header("DD-APPLICATION-KEY", applicationKey);
            return secrets.redact(backend.send(where, request.build(), source.provider().isInsecureSkipVerify(),
                    answer -> HttpStatus.check(TYPE, where, answer, Json.errorText(answer.body()))
                            .orElseGet(() -> mapper.map(answer))));
        } catch (BackendException e) {
            return MetricResult.failure(secrets.redact(e.getMessage()), e.retryable());
        } catch (IllegalArgumentException e) {
            return MetricResult.failure(e.getMessage(), false);
        } catch (RuntimeException e) {
            return MetricResult.failure(secrets.redact("datadog query failed: " + e), true);
        }
    }

    /** Flagger: the first series' first point; no series or no point is no data. */
    static MetricResult firstPoint(HttpAnswer answer) {
        Optional<JsonNode> root = Json.parse(answer.body());
        if (root.isEmpty()) {
            return MetricResult.failure("datadog answered with something that is not JSON", false);
        }
        if ("error".equals(root.get().path("status").asText())) {
            return MetricResult.failure("datadog rejected the query: " + root.get().path("error").asText(), false);
        }
        JsonNode series = root.get().path("series");
        if (series.size() == 0) {
            return MetricResult.noData("no values found");
        }
        JsonNode points = series.get(0).path("pointlist");
        if (points.size() == 0 || points.get(0).size() < 2) {
            return MetricResult.noData("no values found");
        }
        JsonNode value = points.get(0).get(1);
        if (value.isNull()) {
            return MetricResult.noData("the first point of the series is null");
        }
        double v = value.asDouble(Double.NaN);
        return Double.isNaN(v) ? MetricResult.noData("the first point is NaN") : MetricResult.value(v);
    }
}
