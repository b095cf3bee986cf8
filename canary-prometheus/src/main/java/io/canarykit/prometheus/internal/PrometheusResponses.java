package io.canarykit.prometheus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.api.BackendException;
import io.canarykit.api.spi.MetricResult;

/**
 * Maps an answer of {@code /api/v1/query} to a {@link MetricResult}. Answers that a later attempt may
 * change (5xx, 429) are thrown as retryable {@link BackendException}s so that the retry and circuit
 * breaker around the call see them; everything else is a value.
 */
public final class PrometheusResponses {

    static final String NO_VALUES = "no values found";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PrometheusResponses() {
    }

    /**
     * @param where the redacted address, for messages
     * @throws BackendException (retryable) for 5xx and 429
     */
    public static MetricResult map(int httpStatus, String body, String where) {
        if (httpStatus >= 500 || httpStatus == 429) {
            throw new BackendException("prometheus",
                    "prometheus " + where + " answered HTTP " + httpStatus + errorText(body).map(e -> ": " + e).orElse(""),
                    true);
        }
        if (httpStatus >= 400) {
            return MetricResult.failure("prometheus " + where + " rejected the query (HTTP " + httpStatus + ")"
                    + errorText(body).map(e -> ": " + e).orElse(""), false);
        }
        if (httpStatus >= 300) {
            return MetricResult.failure("prometheus " + where + " answered HTTP " + httpStatus
                    + " (is the address the Prometheus server itself?)", false);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MetricResult.failure("prometheus " + where + " answered with something that is not JSON", false);
        }
        if (!"success".equals(root.path("status").asText())) {
            return MetricResult.failure("prometheus " + where + " answered status '" + root.path("status").asText()
                    + "'" + errorText(body).map(e -> ": " + e).orElse(""), false);
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        switch (type) {
            case "vector":
                if (result.size() == 0) {
                    return MetricResult.noData(NO_VALUES);
                }
                if (result.size() > 1) {
                    // Flagger silently takes the last series; which one that is depends on label order.
                    return MetricResult.failure("query returned " + result.size()
                            + " series, expected exactly one (aggregate it, e.g. with sum())", false);
                }
                return sample(result.get(0).path("value"));
            case "scalar":
                return sample(result);
            case "matrix":
                return MetricResult.failure(
                        "query returned a range vector (matrix), expected an instant vector or a scalar", false);
            default:
                return MetricResult.failure("query returned a result of type '" + type
                        + "', expected an instant vector or a scalar", false);
        }
    }

    // A sample is [<unix time>, "<value>"]; the value is a string that may read NaN or +Inf.
    private static MetricResult sample(JsonNode pair) {
        String text = pair.path(1).asText("");
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return MetricResult.failure("query returned a sample that is not a number: '" + text + "'", false);
        }
        return Double.isNaN(value) ? MetricResult.noData(NO_VALUES) : MetricResult.value(value);
    }

    private static java.util.Optional<String> errorText(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root.hasNonNull("error")) {
                String kind = root.path("errorType").asText("");
                return java.util.Optional.of((kind.isEmpty() ? "" : kind + ": ") + root.path("error").asText());
            }
        } catch (JsonProcessingException e) {
            // Not Prometheus's error JSON (a proxy's HTML page, say): the status alone must do.
        }
        return java.util.Optional.empty();
    }
}
