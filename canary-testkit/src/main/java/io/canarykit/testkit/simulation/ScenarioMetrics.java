package io.canarykit.testkit.simulation;

import io.canarykit.api.model.BaselineComparison;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.LatencyTest;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.SampleRequirement;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.core.engine.TemplateRenderer;
import io.canarykit.core.engine.TemplateVariables;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Answers the engine's metric queries from a scenario keyed by metric <em>name</em>. Each metric's
 * query is rendered up front exactly as the engine renders it, so a query that arrives maps back to
 * the metric that asked. Two metrics rendering the same query are told apart by the order the
 * engine evaluates them in within a tick (builtin and inline first, then templates, in list order).
 * A value is consumed only when the engine actually queries, so a metric skipped after an earlier
 * failure keeps its next value. A sequential test's count queries (a latency test's bucket counts
 * included) and minimum-sample queries are answered from the scenario's synthetic traffic over the
 * window they ask for; a baseline (the primary) answers the metric's passing value.
 */
final class ScenarioMetrics {

    private final Map<String, List<String>> metricsByQuery = new HashMap<>();
    /** Queries with {@code {{ elapsed }}} render differently at every tick: matched by pattern, keyed as registered. */
    private final Map<Pattern, String> elapsedQueries = new LinkedHashMap<>();
    private final Map<String, MetricAnswer> defaults = new HashMap<>();
    private final Map<String, List<MetricAnswer>> scripts;
    private final Map<String, Integer> evaluations = new HashMap<>();
    private final Map<String, Integer> askedThisTick = new HashMap<>();
    private final Set<String> types = new LinkedHashSet<>();
    private final List<CountQuery> countQueries = new ArrayList<>();
    private final Map<String, MetricResult> fixedAnswers = new HashMap<>();
    private final Map<String, Duration> sampleQueries = new HashMap<>();
    private final SyntheticTraffic traffic;
    private final Supplier<Instant> clock;

    ScenarioMetrics(Canary canary, List<MetricTemplate> templates, Scenario scenario, Supplier<Instant> clock) {
        this.scripts = scenario.metrics();
        this.traffic = new SyntheticTraffic(scenario.trafficOrHealthy());
        this.clock = clock;
        for (CanaryMetric metric : canary.analysis().metrics()) {
            SequentialTest test = metric.sequential();
            LatencyTest latency = test == null ? null : test.latency();
            if (latency != null) {
                for (String le : List.of(latency.bound(), LatencyTest.ALL)) {
                    countQueries.add(CountQuery.bucket(canary, metric, latency.buckets(), le, true));
                    if (latency.comparesToPrimary()) {
                        countQueries.add(CountQuery.bucket(canary, metric, latency.primaryBuckets(), le, false));
                    }
                }
            } else if (test != null) {
                countQueries.add(CountQuery.of(canary, metric, test.requests(), true, false));
                countQueries.add(CountQuery.of(canary, metric, test.errors(), true, true));
                if (test.comparesToPrimary()) {
                    countQueries.add(CountQuery.of(canary, metric, test.primaryRequests(), false, false));
                    countQueries.add(CountQuery.of(canary, metric, test.primaryErrors(), false, true));
                }
            }
        }
        types.add("prometheus");
        List<CanaryMetric> ordered = new ArrayList<>();
        for (CanaryMetric metric : canary.analysis().metrics()) {
            if (!metric.hasTemplate()) {
                ordered.add(metric);
            }
        }
        for (CanaryMetric metric : canary.analysis().metrics()) {
            if (metric.hasTemplate()) {
                ordered.add(metric);
            }
        }
        for (CanaryMetric metric : ordered) {
            defaults.put(metric.name(), MetricAnswer.of(passingValue(metric)));
            TemplateVariables vars = TemplateVariables.of(canary, metric);
            Optional<String> template = queryTemplate(canary, metric, templates);
            template.flatMap(t -> rendered(t, withElapsedMark(vars))).ifPresent(query -> {
                if (query.contains(ELAPSED_MARK)) {
                    elapsedQueries.putIfAbsent(elapsedPattern(query), query);
                }
                metricsByQuery.computeIfAbsent(query, q -> new ArrayList<>()).add(metric.name());
            });
            BaselineComparison baseline = metric.baseline();
            if (baseline != null) {
                // The primary behaves as the metric's passing value unless the scenario says otherwise.
                Optional<String> baselineQuery = baseline.query() == null || baseline.query().isBlank()
                        ? template.flatMap(t -> rendered(t, vars.withTarget(canary.spec().primaryTargetName())))
                        : rendered(baseline.query(), vars);
                baselineQuery.ifPresent(q -> fixedAnswers.put(q, MetricResult.value(passingValue(metric))));
            }
            SampleRequirement samples = metric.minSamples();
            if (samples != null) {
                Duration window = GoDuration.tryParse(vars.interval()).orElse(Duration.ofMinutes(1));
                rendered(samples.query(), vars).ifPresent(q -> sampleQueries.put(q, window));
            }
        }
        templates.forEach(t -> types.add(t.spec().provider().type()));
    }

    /** The metric provider types to register: prometheus (builtin, inline) and every template's type. */
    Set<String> types() {
        return types;
    }

    MetricProvider provider(String type) {
        return new MetricProvider() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public MetricResult query(MetricQuery query) {
                return answer(query.query());
            }

            @Override
            public Availability isOnline(MetricSource source) {
                return Availability.ONLINE;
            }
        };
    }

    /** Called before each tick: the per-tick order of same-query metrics starts over. */
    void startTick() {
        askedThisTick.clear();
    }

    private MetricResult answer(String query) {
        Instant now = clock.get();
        MetricResult fixed = fixedAnswers.get(query);
        if (fixed != null) {
            return fixed;
        }
        Duration sampleWindow = sampleQueries.get(query);
        if (sampleWindow != null) {
            return MetricResult.value(traffic.requests(now.minus(sampleWindow), now, true));
        }
        for (CountQuery count : countQueries) {
            Optional<Duration> window = count.window(query, now);
            if (window.isPresent()) {
                Instant from = now.minus(window.get());
                long value = count.le() != null ? traffic.withinBucket(from, now, count.canary(), count.le())
                        : count.errors() ? traffic.errors(from, now, count.canary()) : traffic.requests(from, now, count.canary());
                return MetricResult.value(value);
            }
        }
        String registered = registeredQuery(query);
        List<String> names = metricsByQuery.get(registered);
        if (names == null) {
            return MetricResult.failure("the simulation knows no metric whose query renders to: " + query, false);
        }
        int asked = askedThisTick.merge(registered, 1, Integer::sum) - 1;
        String metric = names.get(Math.min(asked, names.size() - 1));
        List<MetricAnswer> script = scripts.get(metric);
        if (script == null) {
            return defaults.get(metric).toResult();
        }
        int n = evaluations.merge(metric, 1, Integer::sum) - 1;
        return Scenario.at(script, n).toResult();
    }

    /** The query as registered: itself, or the elapsed-marked form it matches. */
    private String registeredQuery(String query) {
        if (metricsByQuery.containsKey(query)) {
            return query;
        }
        for (Map.Entry<Pattern, String> elapsed : elapsedQueries.entrySet()) {
            if (elapsed.getKey().matcher(query).matches()) {
                return elapsed.getValue();
            }
        }
        return query;
    }

    /**
     * A sequential test's count query, matched whatever window {@code {{ elapsed }}} renders to; a
     * query without it counts since the start of the simulation.
     */
    private record CountQuery(Pattern pattern, boolean canary, boolean errors, @Nullable Double le) {

        static CountQuery of(Canary canary, CanaryMetric metric, @Nullable String template, boolean ofCanary, boolean errors) {
            return new CountQuery(pattern(canary, metric, template), ofCanary, errors, null);
        }

        /** A latency test's bucket count: the requests within {@code le} seconds, as the engine asks for them. */
        static CountQuery bucket(Canary canary, CanaryMetric metric, @Nullable String selector, String le, boolean ofCanary) {
            String template = LatencyTest.bucketQuery(selector == null ? "" : selector, le);
            double bound = LatencyTest.ALL.equals(le) ? Double.POSITIVE_INFINITY : parse(le);
            return new CountQuery(pattern(canary, metric, template), ofCanary, false, bound);
        }

        private static Pattern pattern(Canary canary, CanaryMetric metric, @Nullable String template) {
            TemplateVariables vars = withElapsedMark(TemplateVariables.of(canary, metric));
            TemplateRenderer.Rendered rendered = TemplateRenderer.render(template == null ? "" : template, vars);
            return elapsedPattern(rendered.query());
        }

        /** A bound the validator would refuse counts nothing as within it. */
        private static double parse(String le) {
            try {
                return Double.parseDouble(le.strip());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        /** The window the query asks about at {@code now}, when it is this count query. */
        Optional<Duration> window(String query, Instant now) {
            Matcher matcher = pattern.matcher(query);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            return matcher.groupCount() == 0 ? Optional.of(Duration.between(Simulation.START, now))
                    : GoDuration.tryParse(matcher.group(1));
        }
    }

    private static final String ELAPSED_MARK = "\u0000elapsed\u0000";

    private static TemplateVariables withElapsedMark(TemplateVariables vars) {
        return new TemplateVariables(vars.name(), vars.namespace(), vars.target(), vars.service(), vars.ingress(), vars.route(),
                vars.interval(), vars.variables(), ELAPSED_MARK);
    }

    /** A query rendered with the elapsed mark, as a pattern whose groups match any Go duration in its place. */
    private static Pattern elapsedPattern(String renderedWithMark) {
        StringBuilder regex = new StringBuilder();
        String[] parts = renderedWithMark.split(ELAPSED_MARK, -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append("([0-9hms.]+)");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /** The query as the engine renders it; a render error is the engine's to report, so there is none. */
    private static Optional<String> rendered(String template, TemplateVariables vars) {
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(template, vars);
        return rendered.ok() ? Optional.of(rendered.query()) : Optional.empty();
    }

    private static Optional<String> queryTemplate(Canary canary, CanaryMetric metric, List<MetricTemplate> templates) {
        if (metric.hasTemplate()) {
            var ref = metric.templateRef();
            String namespace = ref.namespaceOr(canary.namespace());
            return templates.stream()
                    .filter(t -> t.metadata().name().equals(ref.name()) && t.metadata().namespaceOrDefault().equals(namespace))
                    .map(t -> t.spec().query())
                    .findFirst();
        }
        if (metric.hasInlineQuery()) {
            return Optional.ofNullable(metric.query());
        }
        if (metric.isBuiltin()) {
            return Optional.of(SimulatedBuiltins.template(metric.name()));
        }
        return Optional.empty();
    }

    /**
     * A value that passes {@code metric}: the middle of a closed range, half a positive maximum, and
     * for a minimum alone (typically a success rate in percent) halfway to 100. Comparisons are
     * inclusive, so a bound itself also passes where no nicer value exists.
     */
    static double passingValue(CanaryMetric metric) {
        ThresholdRange range = metric.thresholdRange();
        if (range != null && range.min() != null && range.max() != null) {
            return (range.min() + range.max()) / 2;
        }
        if (range != null && range.max() != null) {
            return range.max() > 0 ? range.max() / 2 : range.max();
        }
        if (range != null && range.min() != null) {
            return range.min() >= 0 && range.min() < 100 ? (range.min() + 100) / 2 : range.min();
        }
        Double threshold = metric.threshold();
        if (CanaryMetric.REQUEST_SUCCESS_RATE.equals(metric.name()) && metric.isBuiltin()) {
            // The deprecated threshold is a floor for the success rate.
            return threshold == null ? 100 : threshold < 100 ? (threshold + 100) / 2 : threshold;
        }
        // Otherwise it is a ceiling (0 when unset, as in Flagger).
        if (threshold == null) {
            return 0;
        }
        return threshold > 0 ? threshold / 2 : threshold;
    }
}
