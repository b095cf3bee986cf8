package io.canarykit.graphite;

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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MetricProvider} for Graphite, as Flagger's {@code graphite} provider: the template's query is
 * the render API's parameters ({@code target=...&from=...}); whitespace runs are collapsed to one space,
 * {@code format=json} is set, and {@code GET <address>/render} answers the last non-null datapoint of
 * the last series that has one. A {@code secretRef} gives basic-auth {@code username} and {@code password}.
 * Availability is Flagger's: {@code target=test} answers (data or not).
 *
 * <p>Retries, circuit breaking and time limits as the Prometheus provider's ({@link HttpProviderSettings});
 * credentials never reach a log line or a message. Close it when done.
 */
public final class GraphiteMetricProvider implements MetricProvider, AutoCloseable {

    public static final String TYPE = "graphite";

    private static final Logger LOG = LoggerFactory.getLogger(GraphiteMetricProvider.class);
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private final HttpProviderSettings settings;
    private final HttpBackend backend;

    private GraphiteMetricProvider(HttpProviderSettings settings) {
        this.settings = settings;
        this.backend = new HttpBackend(TYPE, settings);
    }

    public static GraphiteMetricProvider of(HttpProviderSettings settings) {
        return new GraphiteMetricProvider(Objects.requireNonNull(settings, "settings"));
    }

    public static GraphiteMetricProvider ofDefaults() {
        return of(HttpProviderSettings.ofDefaults());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        MetricResult result = run(query.source(), query.query());
        LOG.debug("graphite query {} -> {}", query.query(), result);
        return result;
    }

    @Override
    public Availability isOnline(MetricSource source) {
        MetricResult result = run(source, "target=test");
        if (result instanceof MetricResult.Failure failure) {
            return Availability.offline(failure.message());
        }
        return Availability.ONLINE;
    }

    @Override
    public void close() {
        backend.close();
    }

    private MetricResult run(MetricSource source, String query) {
        ProviderSecrets secrets = ProviderSecrets.NONE;
        try {
            String address = source.provider().address();
            if (address == null || address.isBlank()) {
                return MetricResult.failure("the graphite provider has no address", false);
            }
            secrets = ProviderSecrets.resolve(TYPE, settings.secretResolver(), source);
            HttpUrl url = renderUrl(Endpoints.parse(TYPE, address), query);
            String where = Endpoints.redacted(url);
            Request.Builder request = new Request.Builder().url(url).get().header("Accept", "application/json");
            source.provider().headers().forEach((name, values) -> values.forEach(v -> request.addHeader(name, v)));
            if (secrets.present()) {
                request.header("Authorization", okhttp3.Credentials.basic(
                        secrets.require(TYPE, "username"), secrets.require(TYPE, "password"), StandardCharsets.UTF_8));
            }
            return secrets.redact(backend.send(where, request.build(), source.provider().isInsecureSkipVerify(),
                    answer -> HttpStatus.check(TYPE, where, answer, errorText(answer))
                            .orElseGet(() -> lastValue(answer))));
        } catch (BackendException e) {
            return MetricResult.failure(secrets.redact(e.getMessage()), e.retryable());
        } catch (IllegalArgumentException e) {
            return MetricResult.failure(e.getMessage(), false);
        } catch (RuntimeException e) {
            return MetricResult.failure(secrets.redact("graphite query failed: " + e), true);
        }
    }

    /** {@code <address>/render?<query>&format=json}, the query's parameters decoded and encoded again. */
    static HttpUrl renderUrl(HttpUrl base, String query) {
        String collapsed = SPACE.matcher(query.strip()).replaceAll(" ");
        HttpUrl.Builder url = base.newBuilder().addPathSegment("render");
        for (String pair : collapsed.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq)).strip();
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1)).strip();
            if (!name.equals("format")) {
                url.addQueryParameter(name, value);
            }
        }
        return url.addQueryParameter("format", "json").build();
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a literal '%' the template did not encode
        }
    }

    // graphite-web answers errors as text or an HTML page: keep the first meaningful line.
    private static Optional<String> errorText(HttpAnswer answer) {
        if (answer.status() < 400) {
            return Optional.empty();
        }
        Optional<String> json = Json.parse(answer.body()).isPresent() ? Json.errorText(answer.body()) : Optional.empty();
        if (json.isPresent()) {
            return json;
        }
        String text = answer.body().replaceAll("<[^>]*>", " ").replace("&quot;", "\"").replace("&#x27;", "'").strip();
        // A 500 page ends its traceback with the Python exception: the most useful line.
        Optional<String> exception = text.lines().map(String::strip)
                .filter(l -> l.matches("[A-Za-z_.]+(Error|Exception): .*")).reduce((a, b) -> b);
        if (exception.isPresent()) {
            return exception;
        }
        String first = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        return first.isEmpty() ? Optional.empty() : Optional.of(first.length() > 200 ? first.substring(0, 200) + "…" : first);
    }

    /** Flagger: the last non-null datapoint over every series; none is no data. */
    static MetricResult lastValue(HttpAnswer answer) {
        Optional<JsonNode> root = Json.parse(answer.body());
        if (root.isEmpty() || !root.get().isArray()) {
            return MetricResult.failure("graphite answered with something that is not a JSON list of series", false);
        }
        Double value = null;
        for (JsonNode series : root.get()) {
            for (JsonNode point : series.path("datapoints")) {
                JsonNode v = point.path(0);
                if (v.isNumber()) {
                    value = v.asDouble();
                } else if (v.isTextual()) {
                    try {
                        value = Double.parseDouble(v.asText());
                    } catch (NumberFormatException e) {
                        return MetricResult.failure("graphite answered the datapoint value '" + v.asText() + "'", false);
                    }
                }
            }
        }
        if (value == null || value.isNaN()) {
            return MetricResult.noData("no values found");
        }
        return MetricResult.value(value);
    }
}
