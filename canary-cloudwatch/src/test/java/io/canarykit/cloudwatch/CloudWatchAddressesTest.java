package io.canarykit.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An endpoint override ({@code provider.address}) at a metadata address or with another scheme is refused before any call. */
class CloudWatchAddressesTest {

    private static final String QUERY = "[{\"Id\":\"e\",\"Expression\":\"1\",\"ReturnData\":true}]";

    @ParameterizedTest
    @CsvSource({
            "http://169.254.169.254/, 169.254.169.254 is a cloud metadata service address",
            "http://[fd00:ec2::254]/, is a cloud metadata service address",
            "http://169.254.7.7:4566/, is a link-local address",
            "ftp://monitoring.example.com/, scheme 'ftp' is not allowed"})
    void aRefusedEndpointIsANonRetryableFailure(String endpoint, String reason) {
        try (CloudWatchMetricProvider provider = CloudWatchFixtures.provider().addressPolicy(AddressPolicy.STRICT).build()) {
            MetricResult result = provider.query(MetricQuery.now(CloudWatchFixtures.source(endpoint), QUERY));

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message()).startsWith("invalid cloudwatch endpoint").contains(reason);
            });
        }
    }
}
