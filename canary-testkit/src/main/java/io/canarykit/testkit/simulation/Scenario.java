package io.canarykit.testkit.simulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the world answers and does during a simulation (DESIGN §6).
 *
 * <p>Answers: metric values by metric name, one per evaluation; webhook statuses by hook name, one
 * per call; canary and primary readiness ({@link ReadinessAnswer}: ready, not ready, progress
 * deadline exceeded), one per tick. In every list the last entry repeats. A metric without a script
 * passes with a value inside its range, a hook without one answers 200, readiness defaults to ready.
 * Sequential tests count the synthetic {@code traffic} (healthy traffic when it is not given).
 *
 * <p>Changes: a new revision is always shipped before tick 0; {@link #newRevisionAt} ships more
 * (a revision shipped mid-analysis restarts it), {@link #configChangeAt} changes a tracked ConfigMap
 * or Secret, and {@link #skipAnalysis} and {@link #suspend} set those spec fields per tick (the last
 * entry repeats; not given, the canary's own value holds). A run ends when the canary Succeeded or
 * Failed and no change is due later, or after {@code maxTicks}.
 *
 * <p>Immutable: each {@code withX}/{@code metric}/{@code webhook}/... call returns a changed copy.
 */
public record Scenario(
        int maxTicks,
        Map<String, List<MetricAnswer>> metrics,
        Map<String, List<Integer>> webhooks,
        List<ReadinessAnswer> canaryReady,
        List<ReadinessAnswer> primaryReady,
        @Nullable Traffic traffic,
        List<Integer> newRevisions,
        Map<String, List<Integer>> configChanges,
        List<Boolean> skipAnalysis,
        List<Boolean> suspend) {

    public static final int DEFAULT_MAX_TICKS = 100;
    /** A tracked config as the engine keys it: {@code configmap/<name>} or {@code secret/<name>}. */
    private static final Pattern CONFIG_KEY = Pattern.compile("(configmap|secret)/[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    public Scenario {
        if (maxTicks < 1) {
            throw new IllegalArgumentException("maxTicks must be at least 1, got " + maxTicks);
        }
        metrics = copy(metrics, "metrics");
        webhooks = copy(webhooks, "webhooks");
        canaryReady = nonEmpty(canaryReady, "canaryReady");
        primaryReady = nonEmpty(primaryReady, "primaryReady");
        newRevisions = ticks(newRevisions, 1, "newRevisionAt");
        Map<String, List<Integer>> configs = new LinkedHashMap<>();
        configChanges.forEach((key, at) -> {
            if (!CONFIG_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("configChanges: \"" + key + "\" is not a tracked config "
                        + "(expected configmap/<name> or secret/<name>)");
            }
            configs.put(key, nonEmpty(ticks(at, 0, "configChanges." + key), "configChanges." + key));
        });
        configChanges = Collections.unmodifiableMap(configs);
        skipAnalysis = List.copyOf(skipAnalysis);
        suspend = List.copyOf(suspend);
    }

    /** Everything passes, every hook approves, everything is ready, one new revision; at most 100 ticks. */
    public static Scenario defaults() {
        return new Scenario(DEFAULT_MAX_TICKS, Map.of(), Map.of(), List.of(ReadinessAnswer.READY), List.of(ReadinessAnswer.READY),
                null, List.of(), Map.of(), List.of(), List.of());
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
        return copy(c -> c.maxTicks = value);
    }

    /** Values of consecutive evaluations of the metric named {@code name}. */
    public Scenario metric(String name, double... values) {
        return metric(name, Arrays.stream(values).mapToObj(MetricAnswer::of).toArray(MetricAnswer[]::new));
    }

    /** Answers (values, {@link MetricAnswer#NO_DATA}, {@link MetricAnswer#ERROR}) of consecutive evaluations. */
    public Scenario metric(String name, MetricAnswer... answers) {
        Objects.requireNonNull(name, "name");
        return copy(c -> c.metrics.put(name, List.of(answers)));
    }

    /** HTTP statuses of consecutive calls of the webhook named {@code name}. */
    public Scenario webhook(String name, int... statuses) {
        Objects.requireNonNull(name, "name");
        return copy(c -> c.webhooks.put(name, Arrays.stream(statuses).boxed().toList()));
    }

    /** Canary readiness per tick, ready or not yet. */
    public Scenario canaryReady(Boolean... perTick) {
        return canaryReady(answers(perTick));
    }

    /** Canary readiness per tick; {@link ReadinessAnswer#DEADLINE} rolls the canary back. */
    public Scenario canaryReady(ReadinessAnswer... perTick) {
        return copy(c -> c.canaryReady = List.of(perTick));
    }

    /** Primary readiness per tick, ready or not yet. */
    public Scenario primaryReady(Boolean... perTick) {
        return primaryReady(answers(perTick));
    }

    /**
     * Primary readiness per tick. {@link ReadinessAnswer#DEADLINE} while Promoting or Finalising fails
     * the promotion and keeps all traffic on the canary (Flagger #1898); in any other phase it rolls
     * back. A DaemonSet primary past its deadline is waited for, as Flagger does.
     */
    public Scenario primaryReady(ReadinessAnswer... perTick) {
        return copy(c -> c.primaryReady = List.of(perTick));
    }

    /** Ships another revision of the target before each of these ticks (from 1; tick 0 always ships one). */
    public Scenario newRevisionAt(int... ticks) {
        return copy(c -> Arrays.stream(ticks).forEach(c.newRevisions::add));
    }

    /**
     * Changes the tracked config {@code key} ({@code configmap/<name>} or {@code secret/<name>})
     * before each of these ticks: a new revision without a new pod template, as Flagger's checksums see it.
     */
    public Scenario configChangeAt(String key, int... ticks) {
        Objects.requireNonNull(key, "key");
        return copy(c -> c.configChanges.merge(key, Arrays.stream(ticks).boxed().toList(),
                (before, added) -> Stream.concat(before.stream(), added.stream()).toList()));
    }

    /** {@code spec.skipAnalysis} per tick (the last repeats): turned on mid-run, the canary is promoted without analysis. */
    public Scenario skipAnalysis(Boolean... perTick) {
        return copy(c -> c.skipAnalysis = List.of(perTick));
    }

    /** {@code spec.suspend} per tick (the last repeats): a suspended canary does nothing until resumed. */
    public Scenario suspend(Boolean... perTick) {
        return copy(c -> c.suspend = List.of(perTick));
    }

    /** Synthetic traffic whose request and error counts the sequential tests see. */
    public Scenario traffic(Traffic value) {
        Objects.requireNonNull(value, "traffic");
        return copy(c -> c.traffic = value);
    }

    /** The traffic sequential tests count: the scenario's, or healthy traffic. */
    public Traffic trafficOrHealthy() {
        return traffic == null ? Traffic.HEALTHY : traffic;
    }

    /** Whether a revision or config change is due after tick {@code tick}: a finished run goes on for it. */
    boolean changesAfter(int tick) {
        return newRevisions.stream().anyMatch(t -> t > tick)
                || configChanges.values().stream().flatMap(List::stream).anyMatch(t -> t > tick);
    }

    /** The entry of {@code perTick} for tick {@code index}: the last one repeats. */
    static <T> T at(List<T> perTick, int index) {
        return perTick.get(Math.min(index, perTick.size() - 1));
    }

    private static ReadinessAnswer[] answers(Boolean... perTick) {
        return Arrays.stream(perTick).map(ready -> ReadinessAnswer.of(Objects.requireNonNull(ready, "readiness")))
                .toArray(ReadinessAnswer[]::new);
    }

    private static <T> Map<String, List<T>> copy(Map<String, List<T>> scripts, String what) {
        Map<String, List<T>> copy = new LinkedHashMap<>();
        scripts.forEach((name, list) -> copy.put(name, nonEmpty(list, what + "." + name)));
        return Collections.unmodifiableMap(copy);
    }

    private static <T> List<T> nonEmpty(List<T> list, String what) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one entry");
        }
        return List.copyOf(list);
    }

    /** Tick numbers, sorted and without repeats; {@code min} is the first tick they may name. */
    private static List<Integer> ticks(List<Integer> ticks, int min, String what) {
        for (Integer tick : ticks) {
            if (tick == null || tick < min) {
                throw new IllegalArgumentException(what + ": ticks start at " + min
                        + (min == 1 ? " (tick 0 always ships a new revision)" : "") + ", got " + tick);
            }
        }
        return List.copyOf(new TreeSet<>(ticks));
    }

    private Scenario copy(Consumer<Copy> change) {
        Copy copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** A mutable copy for the withers; the record's constructor validates the result. */
    private static final class Copy {
        int maxTicks;
        final Map<String, List<MetricAnswer>> metrics;
        final Map<String, List<Integer>> webhooks;
        List<ReadinessAnswer> canaryReady;
        List<ReadinessAnswer> primaryReady;
        @Nullable Traffic traffic;
        final List<Integer> newRevisions;
        final Map<String, List<Integer>> configChanges;
        List<Boolean> skipAnalysis;
        List<Boolean> suspend;

        Copy(Scenario s) {
            maxTicks = s.maxTicks;
            metrics = new LinkedHashMap<>(s.metrics);
            webhooks = new LinkedHashMap<>(s.webhooks);
            canaryReady = s.canaryReady;
            primaryReady = s.primaryReady;
            traffic = s.traffic;
            newRevisions = new ArrayList<>(s.newRevisions);
            configChanges = new LinkedHashMap<>(s.configChanges);
            skipAnalysis = s.skipAnalysis;
            suspend = s.suspend;
        }

        Scenario build() {
            return new Scenario(maxTicks, metrics, webhooks, canaryReady, primaryReady, traffic, newRevisions, configChanges,
                    skipAnalysis, suspend);
        }
    }
}
