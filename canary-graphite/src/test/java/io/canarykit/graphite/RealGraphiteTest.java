package io.canarykit.graphite;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.providers.http.TestResilience;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The provider against a real Graphite holding points fed through carbon with fixed timestamps. */
class RealGraphiteTest {

    /** 2026-01-01T00:00:00Z. */
    private static final long T0 = 1_767_225_600L;

    @RegisterExtension
    static final GraphiteServerExtension GRAPHITE = new GraphiteServerExtension();

    private static final GraphiteMetricProvider PROVIDER = GraphiteMetricProvider.of(TestResilience.settings().build());

    @BeforeAll
    static void feed() {
        GRAPHITE.feed(List.of(
                "canarykit.web.requests.ok 190 " + T0,
                "canarykit.web.requests.error 10 " + T0,
                "canarykit.web.requests.ok 95 " + (T0 + 60),
                "canarykit.web.requests.error 5 " + (T0 + 60),
                "canarykit.web.requests.ok 60 " + (T0 + 120),
                "canarykit.web.requests.error 40 " + (T0 + 120)));
    }

    @AfterAll
    static void close() {
        PROVIDER.close();
    }

    private static MetricSource source() {
        return new MetricSource("prod", new MetricTemplateProvider("graphite", GRAPHITE.url(), Map.of(), null, null, null));
    }

    private static MetricResult query(String query) {
        return PROVIDER.query(MetricQuery.now(source(), query));
    }

    @Test
    void answersTheLastNonNullPointOfTheRenderedSeries() {
        // until T0+180 renders a null bucket at T0+180: the last non-null one is T0+120.
        assertThat(query("target=canarykit.web.requests.error&from=" + (T0 - 60) + "&until=" + (T0 + 180)))
                .isEqualTo(MetricResult.value(40));
        assertThat(query("target=canarykit.web.requests.error&from=" + (T0 - 60) + "&until=" + (T0 + 60)))
                .isEqualTo(MetricResult.value(5));
    }

    @Test
    void evaluatesFunctionsAcrossSeriesExactly() {
        String errorPercent = """
                target=asPercent(
                  sumSeries(canarykit.web.requests.error),
                  sumSeries(canarykit.web.requests.{ok,error})
                )
                &from=%d&until=%d
                """;
        assertThat(query(errorPercent.formatted(T0 - 60, T0 + 30))).isEqualTo(MetricResult.value(5.0));
        assertThat(query(errorPercent.formatted(T0 - 60, T0 + 90))).isEqualTo(MetricResult.value(5.0));
        assertThat(query(errorPercent.formatted(T0 - 60, T0 + 150))).isEqualTo(MetricResult.value(40.0));
        // Whisper's "from" is exclusive: from T0-60 starts at T0; the 3-minute bucket [T0, T0+180) sums all six points.
        assertThat(query("target=summarize(sumSeries(canarykit.web.requests.*),'3min','sum')&from=" + (T0 - 60) + "&until=" + (T0 + 179)))
                .isEqualTo(MetricResult.value(400));
    }

    @Test
    void aSeriesWithoutPointsInTheWindowOrAnUnknownSeriesIsNoData() {
        assertThat(query("target=canarykit.web.requests.ok&from=" + (T0 - 3600) + "&until=" + (T0 - 600)))
                .isInstanceOf(MetricResult.NoData.class);
        assertThat(query("target=canarykit.does.not.exist")).isInstanceOf(MetricResult.NoData.class);
    }

    @Test
    void aQueryGraphiteCannotParseIsANonRetryableFailure() {
        assertThat(query("target=noSuchFunction(canarykit.web.requests.ok)")).isEqualTo(MetricResult.failure("graphite "
                + GRAPHITE.url() + "/render rejected the query (HTTP 400): Invalid parameters (Received request for unknown function:"
                + " noSuchFunction); targets: \"noSuchFunction(canarykit.web.requests.ok)\"", false));
    }

    @Test
    void isOnlineWhenGraphiteAnswersFlaggersProbe() {
        assertThat(PROVIDER.isOnline(source())).isEqualTo(Availability.ONLINE);
    }
}
