package io.canarykit.testkit.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads the scenario file of {@code canary simulate}. Strict: an unknown key or a wrong value is an
 * error naming the file and the key, because a typo that silently falls back to "everything passes"
 * would make a failing scenario look green.
 */
final class ScenarioYaml {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> KEYS = Set.of("maxTicks", "metrics", "webhooks", "canaryReady", "primaryReady", "traffic");

    private ScenarioYaml() {
    }

    static Scenario parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": invalid YAML: " + e.getOriginalMessage(), e);
        }
        Scenario scenario = Scenario.defaults();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return scenario;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a mapping with the keys " + KEYS);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException(source + ": " + key + ": unknown key (expected one of maxTicks, metrics, "
                        + "webhooks, canaryReady, primaryReady, traffic)");
            }
        }
        try {
            JsonNode maxTicks = root.path("maxTicks");
            if (!maxTicks.isMissingNode()) {
                if (!maxTicks.canConvertToExactIntegral() || maxTicks.asInt() < 1) {
                    throw new IllegalArgumentException(source + ": maxTicks: expected a positive integer, got " + maxTicks);
                }
                scenario = scenario.withMaxTicks(maxTicks.asInt());
            }
            Map<String, List<MetricAnswer>> metrics = scripts(root.path("metrics"), source, "metrics",
                    (node, path) -> answer(node, source, path));
            Map<String, List<Integer>> webhooks = scripts(root.path("webhooks"), source, "webhooks",
                    (node, path) -> status(node, source, path));
            List<Boolean> canaryReady = list(root.path("canaryReady"), source, "canaryReady", (n, p) -> flag(n, source, p));
            List<Boolean> primaryReady = list(root.path("primaryReady"), source, "primaryReady", (n, p) -> flag(n, source, p));
            return new Scenario(scenario.maxTicks(), metrics, webhooks,
                    canaryReady.isEmpty() ? scenario.canaryReady() : canaryReady,
                    primaryReady.isEmpty() ? scenario.primaryReady() : primaryReady, traffic(root.path("traffic"), source));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) {
                throw e;
            }
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static <T> Map<String, List<T>> scripts(JsonNode node, String source, String key,
            BiFunction<JsonNode, String, T> element) {
        Map<String, List<T>> scripts = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return scripts;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": " + key + ": expected a mapping of names to lists");
        }
        node.fields().forEachRemaining(e -> {
            List<T> values = list(e.getValue(), source, key + "." + e.getKey(), element);
            if (values.isEmpty()) {
                throw new IllegalArgumentException(source + ": " + key + "." + e.getKey() + ": needs at least one entry");
            }
            scripts.put(e.getKey(), values);
        });
        return scripts;
    }

    /** A list, or a single scalar as a list of one. */
    private static <T> List<T> list(JsonNode node, String source, String path, BiFunction<JsonNode, String, T> element) {
        List<T> values = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            values.add(element.apply(node, path));
            return values;
        }
        for (int i = 0; i < node.size(); i++) {
            values.add(element.apply(node.get(i), path + "[" + i + "]"));
        }
        return values;
    }

    /** {@code traffic: {requestsPerSecond: 10, canaryErrorRate: 0.2, primaryErrorRate: 0.005, seed: 1}}. */
    private static @Nullable Traffic traffic(JsonNode node, String source) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": traffic: expected a mapping, got " + node);
        }
        Set<String> keys = Set.of("requestsPerSecond", "canaryErrorRate", "primaryErrorRate", "seed", "primaryRequestsPerSecond");
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!keys.contains(key)) {
                throw new IllegalArgumentException(source + ": traffic." + key + ": unknown key (expected one of "
                        + "requestsPerSecond, canaryErrorRate, primaryErrorRate, primaryRequestsPerSecond, seed)");
            }
        }
        JsonNode primaryRps = node.path("primaryRequestsPerSecond");
        return new Traffic(number(node, "requestsPerSecond", 10, source), number(node, "canaryErrorRate", 0, source),
                number(node, "primaryErrorRate", 0, source), (long) number(node, "seed", 1, source),
                primaryRps.isMissingNode() ? null : number(node, "primaryRequestsPerSecond", 10, source));
    }

    private static double number(JsonNode node, String key, double fallback, String source) {
        JsonNode value = node.path(key);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(source + ": traffic." + key + ": expected a number, got " + value);
        }
        return value.asDouble();
    }

    private static MetricAnswer answer(JsonNode node, String source, String path) {
        if (node.isNumber()) {
            return MetricAnswer.of(node.asDouble());
        }
        if (node.isTextual()) {
            try {
                return MetricAnswer.parse(node.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + path + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(source + ": " + path + ": expected a number, nodata or error, got " + node);
    }

    private static int status(JsonNode node, String source, String path) {
        if (node.canConvertToExactIntegral() && node.asInt() >= 100 && node.asInt() <= 599) {
            return node.asInt();
        }
        throw new IllegalArgumentException(source + ": " + path + ": expected an HTTP status (100..599), got " + node);
    }

    private static boolean flag(JsonNode node, String source, String path) {
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        throw new IllegalArgumentException(source + ": " + path + ": expected true or false, got " + node);
    }
}
