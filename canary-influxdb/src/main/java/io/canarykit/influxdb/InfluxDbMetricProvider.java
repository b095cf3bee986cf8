package io.canarykit.influxdb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MetricProvider} for InfluxDB 2, as Flagger's {@code influxdb} provider (which uses the official
 * Go client): the template's Flux goes to {@code POST <address>/api/v2/query?org=<org>} as the client
 * sends it (JSON body, annotated CSV dialect), with {@code Authorization: Token <token>}; {@code token}
 * and {@code org} come from the {@code secretRef}. The answer is the first record's {@code _value}. An
 * empty result is no data (Flagger answers 0 there). Availability is Flagger's probe, {@code
 * from(bucket: "default") |> range(start: -2h)}.
 *
 * <p>Retries, circuit breaking and time limits as the Prometheus provider's ({@link HttpProviderSettings});
 * the token never reaches a log line or a message. Close it when done.
 */
public final class InfluxDbMetricProvider implements MetricProvider, AutoCloseable {

    public static final String TYPE = "influxdb";
    static final String PROBE = "from(bucket: \"default\") |> range(start: -2h)";

    private static final Logger LOG = LoggerFactory.getLogger(InfluxDbMetricProvider.class);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final Set<String> NUMERIC = Set.of("double", "long", "unsignedLong");

    private final HttpProviderSettings settings;
    private final HttpBackend backend;

    private InfluxDbMetricProvider(HttpProviderSettings settings) {
        this.settings = settings;
        this.backend = new HttpBackend(TYPE, settings);
    }

    public static InfluxDbMetricProvider of(HttpProviderSettings settings) {
        return new InfluxDbMetricProvider(Objects.requireNonNull(settings, "settings"));
    }

    public static InfluxDbMetricProvider ofDefaults() {
        return of(HttpProviderSettings.ofDefaults());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        MetricResult result = run(query.source(), query.query(), InfluxDbMetricProvider::firstValue);
        LOG.debug("influxdb query {} -> {}", query.query(), result);
        return result;
    }

    @Override
    public Availability isOnline(MetricSource source) {
        MetricResult result = run(source, PROBE, answer -> MetricResult.value(1));
        return result instanceof MetricResult.Failure failure ? Availability.offline(failure.message()) : Availability.ONLINE;
    }

    @Override
    public void close() {
        backend.close();
    }

    private interface BodyMapper {
        MetricResult map(HttpAnswer answer);
    }

    private MetricResult run(MetricSource source, String flux, BodyMapper mapper) {
        ProviderSecrets secrets = ProviderSecrets.NONE;
        try {
            String address = source.provider().address();
            if (address == null || address.isBlank()) {
                return MetricResult.failure("the influxdb provider has no address", false);
            }
            secrets = ProviderSecrets.resolve(TYPE, settings.secretResolver(), source);
            HttpUrl.Builder url = Endpoints.parse(TYPE, address).newBuilder().addPathSegments("api/v2/query");
            String token = null;
            if (secrets.present()) {
                token = secrets.require(TYPE, "token");
                url.addQueryParameter("org", secrets.require(TYPE, "org"));
            }
            HttpUrl endpoint = url.build();
            String where = Endpoints.redacted(endpoint);
            ObjectNode body = JsonNodeFactory.instance.objectNode().put("query", flux).put("type", "flux");
            ObjectNode dialect = body.putObject("dialect").put("header", true).put("delimiter", ",")
                    .put("commentPrefix", "#").put("dateTimeFormat", "RFC3339");
            dialect.putArray("annotations").add("datatype").add("group").add("default");
            Request.Builder request = new Request.Builder().url(endpoint).post(RequestBody.create(body.toString(), JSON))
                    .header("Accept", "text/csv");
            source.provider().headers().forEach((name, values) -> values.forEach(v -> request.addHeader(name, v)));
            if (token != null) {
                request.header("Authorization", "Token " + token);
            }
            return secrets.redact(backend.send(where, request.build(), source.provider().isInsecureSkipVerify(),
                    answer -> HttpStatus.check(TYPE, where, answer, Json.errorText(answer.body()))
                            .orElseGet(() -> mapper.map(answer))));
        } catch (BackendException e) {
            return MetricResult.failure(secrets.redact(e.getMessage()), e.retryable());
        } catch (IllegalArgumentException e) {
            return MetricResult.failure(e.getMessage(), false);
        } catch (RuntimeException e) {
            return MetricResult.failure(secrets.redact("influxdb query failed: " + e), true);
        }
    }

    static MetricResult firstValue(HttpAnswer answer) {
        Optional<AnnotatedCsv.FirstValue> first = AnnotatedCsv.firstValue(answer.body());
        if (first.isEmpty()) {
            return MetricResult.noData("no values found");
        }
        if (first.get().error().isPresent()) {
            return MetricResult.failure("influxdb query failed: " + first.get().error().get(), false);
        }
        Optional<String> value = first.get().value();
        if (value.isEmpty()) {
            return MetricResult.noData("the first record's _value is null");
        }
        if (!NUMERIC.contains(first.get().datatype())) {
            return MetricResult.failure("the first record's _value is a " + first.get().datatype() + ", not a number", false);
        }
        double v = Double.parseDouble(value.get());
        return Double.isNaN(v) ? MetricResult.noData("the first record's _value is NaN") : MetricResult.value(v);
    }
}
