package io.canarykit.testkit.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the world answers during a simulation (DESIGN §6): metric values by metric name, one per
 * evaluation; webhook statuses by hook name, one per call; canary and primary readiness, one per
 * tick. In every list the last entry repeats. A metric without a script passes with a value inside
 * its range, a hook without one answers 200, readiness defaults to ready. Sequential tests count the
 * synthetic {@code traffic} (healthy traffic when it is not given).
 *
 * <p>Immutable: each {@code withX}/{@code metric}/{@code webhook} call returns a changed copy.
 */
public record Scenario(
        int maxTicks,
        Map<String, List<MetricAnswer>> metrics,
        Map<String, List<Integer>> webhooks,
        List<Boolean> canaryReady,
        List<Boolean> primaryReady,
        @Nullable Traffic traffic) {

    public static final int DEFAULT_MAX_TICKS = 100;

    public Scenario {
        if (maxTicks < 1) {
            throw new IllegalArgumentException("maxTicks must be at least 1, got " + maxTicks);
        }
        metrics = copy(metrics, "metrics");
        webhooks = copy(webhooks, "webhooks");
        canaryReady = nonEmpty(canaryReady, "canaryReady");
        primaryReady = nonEmpty(primaryReady, "primaryReady");
    }

    /** Everything passes, every hook approves, everything is ready; at most 100 ticks. */
    public static Scenario defaults() {
        return new Scenario(DEFAULT_MAX_TICKS, Map.of(), Map.of(), List.of(true), List.of(true), null);
    }

    /** Reads a scenario file (YAML, all keys optional). */
    public static Scenario fromYaml(Path file) throws IOException {
        return ScenarioYaml.parse(Files.readString(file), file.toString());
    }

    /** Parses scenario YAML; {@code source} names it in error messages. */
    public static Scenario parse(String yaml, String source) {
        return ScenarioYaml.parse(yaml, source);
    }

    public Scenario withMaxTicks(int value) {
        return new Scenario(value, metrics, webhooks, canaryReady, primaryReady, traffic);
    }

    /** Values of consecutive evaluations of the metric named {@code name}. */
    public Scenario metric(String name, double... values) {
        return metric(name, Arrays.stream(values).mapToObj(MetricAnswer::of).toArray(MetricAnswer[]::new));
    }

    /** Answers (values, {@link MetricAnswer#NO_DATA}, {@link MetricAnswer#ERROR}) of consecutive evaluations. */
    public Scenario metric(String name, MetricAnswer... answers) {
        Map<String, List<MetricAnswer>> changed = new LinkedHashMap<>(metrics);
        changed.put(Objects.requireNonNull(name, "name"), List.of(answers));
        return new Scenario(maxTicks, changed, webhooks, canaryReady, primaryReady, traffic);
    }

    /** HTTP statuses of consecutive calls of the webhook named {@code name}. */
    public Scenario webhook(String name, int... statuses) {
        Map<String, List<Integer>> changed = new LinkedHashMap<>(webhooks);
        changed.put(Objects.requireNonNull(name, "name"), Arrays.stream(statuses).boxed().toList());
        return new Scenario(maxTicks, metrics, changed, canaryReady, primaryReady, traffic);
    }

    /** Canary readiness per tick. */
    public Scenario canaryReady(Boolean... perTick) {
        return new Scenario(maxTicks, metrics, webhooks, List.of(perTick), primaryReady, traffic);
    }

    /** Primary readiness per tick. */
    public Scenario primaryReady(Boolean... perTick) {
        return new Scenario(maxTicks, metrics, webhooks, canaryReady, List.of(perTick), traffic);
    }

    /** Synthetic traffic whose request and error counts the sequential tests see. */
    public Scenario traffic(Traffic value) {
        return new Scenario(maxTicks, metrics, webhooks, canaryReady, primaryReady, Objects.requireNonNull(value, "traffic"));
    }

    /** The traffic sequential tests count: the scenario's, or healthy traffic. */
    public Traffic trafficOrHealthy() {
        return traffic == null ? Traffic.HEALTHY : traffic;
    }

    /** The entry of {@code perTick} for tick {@code index}: the last one repeats. */
    static <T> T at(List<T> perTick, int index) {
        return perTick.get(Math.min(index, perTick.size() - 1));
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> scripts, String what) {
        Map<String, List<T>> copy = new LinkedHashMap<>();
        scripts.forEach((name, list) -> copy.put(name, nonEmpty(list, what + "." + name)));
        return java.util.Collections.unmodifiableMap(copy);
    }

    private static <T> List<T> nonEmpty(List<T> list, String what) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one entry");
        }
        return List.copyOf(list);
    }
}
