package io.canarykit.k8s.operator.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlaggerScrapeTest {

    @Test
    void flaggersHistogramReadsAsGoWritesItAndOtherSeriesPassThrough() {
        String scrape = """
                # HELP flagger_canary_duration_seconds_max Seconds spent performing canary analysis.
                # TYPE flagger_canary_duration_seconds_max gauge
                flagger_canary_duration_seconds_max{name="web",namespace="shop",} 0.03
                # TYPE flagger_canary_duration_seconds histogram
                flagger_canary_duration_seconds_bucket{name="web",namespace="shop",le="0.5",} 1.0
                flagger_canary_duration_seconds_bucket{name="web",namespace="shop",le="1.0",} 1.0
                flagger_canary_duration_seconds_bucket{name="web",namespace="shop",le="10.0",} 1.0
                flagger_canary_duration_seconds_bucket{name="web",namespace="shop",le="+Inf",} 1.0
                http_server_requests_seconds_bucket{le="1.0",} 3.0
                http_server_requests_seconds_max 0.2
                """;

        assertThat(FlaggerScrape.asFlaggerWrites(scrape)).isEqualTo("""
                # TYPE flagger_canary_duration_seconds histogram
                flagger_canary_duration_seconds_bucket{name="web",namespace="shop",le="0.5",} 1.0
                flagger_canary_duration_seconds_bucket{name="web",namespace="shop",le="1",} 1.0
                flagger_canary_duration_seconds_bucket{name="web",namespace="shop",le="10",} 1.0
                flagger_canary_duration_seconds_bucket{name="web",namespace="shop",le="+Inf",} 1.0
                http_server_requests_seconds_bucket{le="1.0",} 3.0
                http_server_requests_seconds_max 0.2
                """);
    }
}
