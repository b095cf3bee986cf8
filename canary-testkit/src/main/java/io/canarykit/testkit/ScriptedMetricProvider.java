package io.canarykit.testkit;

import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A metric provider that answers from scripts: for each query (matched exactly, or by a predicate),
 * a sequence of results, one per evaluation, the last repeating. The script registered last wins,
 * so a test can override a default. A query without a script fails, naming the query, so a test
 * cannot pass by accident.
 */
public final class ScriptedMetricProvider implements MetricProvider {

    private final String type;
    private final List<Entry> entries = new ArrayList<>();
    private final List<MetricQuery> queries = new ArrayList<>();
    private final Map<String, Availability> availability = new ConcurrentHashMap<>();

    public ScriptedMetricProvider(String type) {
        this.type = type;
    }

    /** Results for the query equal to {@code query}. */
    public ScriptedMetricProvider on(String query, MetricResult... results) {
        return on(query::equals, results);
    }

    /** Results for queries matching {@code matcher}. */
    public synchronized ScriptedMetricProvider on(Predicate<String> matcher, MetricResult... results) {
        entries.add(new Entry(matcher, new Script<>(Arrays.asList(results))));
        return this;
    }

    /** Plain values, one per evaluation. */
    public ScriptedMetricProvider values(String query, double... values) {
        return on(query, Arrays.stream(values).mapToObj(MetricResult::value).toArray(MetricResult[]::new));
    }

    /** Marks the backend at {@code address} unreachable: availability checks and queries fail. */
    public ScriptedMetricProvider offline(String address, String reason) {
        availability.put(address, Availability.offline(reason));
        return this;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public synchronized MetricResult query(MetricQuery query) {
        queries.add(query);
        // A backend marked offline fails its queries too, as an unreachable server would.
        if (isOnline(query.source()) instanceof Availability.Offline offline) {
            return MetricResult.failure(offline.reason(), true);
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).matcher.test(query.query())) {
                return entries.get(i).script.next();
            }
        }
        return MetricResult.failure("no script for query: " + query.query(), false);
    }

    @Override
    public Availability isOnline(MetricSource source) {
        String address = source.provider().address() == null ? "" : source.provider().address();
        return availability.getOrDefault(address, Availability.ONLINE);
    }

    /** Every query asked, in order. */
    public synchronized List<MetricQuery> queries() {
        return List.copyOf(queries);
    }

    private record Entry(Predicate<String> matcher, Script<MetricResult> script) {
    }
}
