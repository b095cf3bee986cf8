package io.canarykit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordedMetricProviderTest {

    private static final String ERRORS = "error-rate query";
    private static final String LATENCY = "latency query";
    private static final MetricSource SOURCE = new MetricSource("prod", MetricTemplateProvider.prometheus("http://unused"));

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final RequestLog log = new RequestLog();
    private final RecordedMetricProvider provider = new RecordedMetricProvider("prometheus", log, clock, Map.of(
            ERRORS, new RecordedQuery(RecordedQuery.Measure.ERROR_RATE_PERCENT, Duration.ofSeconds(2), 1),
            LATENCY, new RecordedQuery(RecordedQuery.Measure.P99_LATENCY, Duration.ofSeconds(2), 0.001)));

    @Test
    void computesTheErrorRateOfTheCanaryRequestsInTheWindow() {
        record(ServedRequest.Side.CANARY, 500, 1, clock.instant().minusSeconds(3));   // before the window
        for (int i = 0; i < 8; i++) {
            record(ServedRequest.Side.CANARY, i < 2 ? 503 : 200, 1, clock.instant().minusMillis(100 * i));
        }
        record(ServedRequest.Side.PRIMARY, 500, 1, clock.instant());                    // not the canary

        assertThat(provider.query(MetricQuery.now(SOURCE, ERRORS))).isEqualTo(MetricResult.value(25.0));
    }

    @Test
    void computesTheNearestRankP99InTheBackendsUnit() {
        for (int ms = 1; ms <= 200; ms++) {
            record(ServedRequest.Side.CANARY, 200, ms, clock.instant().minusMillis(ms));
        }

        // 200 requests of 1..200 ms: rank ceil(0.99 × 200) = 198 → 198 ms, answered in seconds.
        assertThat(provider.query(MetricQuery.now(SOURCE, LATENCY))).isEqualTo(MetricResult.value(0.198));
    }

    @Test
    void anEmptyWindowIsNoDataAndAnUnknownQueryFails() {
        record(ServedRequest.Side.CANARY, 200, 1, clock.instant().minusSeconds(5));

        assertThat(provider.query(MetricQuery.now(SOURCE, ERRORS))).isInstanceOf(MetricResult.NoData.class);
        assertThat(provider.query(MetricQuery.now(SOURCE, "up"))).isInstanceOf(MetricResult.Failure.class);
    }

    private void record(ServedRequest.Side side, int status, int millis, Instant at) {
        log.add(new ServedRequest(side, status, Duration.ofMillis(millis), at));
    }
}
