package io.canarykit.demo;

import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The demo's metric backend: answers the reference canary's queries from the requests that really
 * flowed through the router to the canary during the query's window. It registers under the type
 * the reference MetricTemplate names ({@code prometheus}) and knows its queries by their rendered
 * text (see {@link DemoQueries}); any other query fails its check, it is never answered by a guess.
 */
public final class RecordedMetricProvider implements MetricProvider {

    private final String type;
    private final RequestLog log;
    private final Clock clock;
    private final Map<String, RecordedQuery> queries;

    public RecordedMetricProvider(String type, RequestLog log, Clock clock, Map<String, RecordedQuery> queries) {
        this.type = Objects.requireNonNull(type, "type");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.queries = Map.copyOf(queries);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        RecordedQuery known = queries.get(query.query());
        if (known == null) {
            return MetricResult.failure("the demo's recorded-request provider does not know this query: " + query.query(), false);
        }
        Instant to = query.at() == null ? clock.instant() : query.at();
        List<ServedRequest> requests = log.between(ServedRequest.Side.CANARY, to.minus(known.window()), to);
        if (known.measure() == RecordedQuery.Measure.REQUESTS) {
            return MetricResult.value(requests.size());
        }
        if (known.measure() == RecordedQuery.Measure.ERRORS) {
            return MetricResult.value(requests.stream().filter(ServedRequest::isServerError).count());
        }
        if (requests.isEmpty()) {
            return MetricResult.noData("no request reached the canary in the last " + known.window().toMillis() + "ms");
        }
        return MetricResult.value(known.measure() == RecordedQuery.Measure.ERROR_RATE_PERCENT
                ? errorRatePercent(requests)
                : p99Millis(requests) * known.unitsPerMillisecond());
    }

    @Override
    public Availability isOnline(MetricSource source) {
        return Availability.ONLINE;
    }

    /** The reference template's arithmetic: {@code 100 - ok / all * 100}. */
    static double errorRatePercent(List<ServedRequest> requests) {
        long ok = requests.stream().filter(r -> !r.isServerError()).count();
        return 100 - (double) ok / requests.size() * 100;
    }

    /** Nearest-rank P99: the smallest latency that at least 99% of the requests do not exceed. */
    static double p99Millis(List<ServedRequest> requests) {
        long[] nanos = requests.stream().map(ServedRequest::latency).mapToLong(Duration::toNanos).sorted().toArray();
        int rank = (int) Math.ceil(0.99 * nanos.length);
        return nanos[rank - 1] / 1_000_000.0;
    }
}
