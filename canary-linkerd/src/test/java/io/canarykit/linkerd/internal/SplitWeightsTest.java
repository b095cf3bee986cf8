package io.canarykit.linkerd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.Routes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the split in force from a TrafficSplit's backends (Flagger's GetRoutes, plus relative weights). */
class SplitWeightsTest {

    private static SplitWeights.Result read(Object primary, Object canary) {
        SplitSpec spec = new SplitSpec("podinfo", List.of(new SplitBackend("podinfo-canary", canary),
                new SplitBackend("podinfo-primary", primary)), Map.of());
        return SplitWeights.read(spec, "podinfo-primary", "podinfo-canary", "podinfo.default");
    }

    @ParameterizedTest
    @CsvSource({"100, 0, 0", "90, 10, 10", "50, 50, 50", "0, 100, 100"})
    void readsFlaggersPercentagesInEitherEncoding(int primary, int canary, int expected) {
        assertThat(read(String.valueOf(primary), String.valueOf(canary))).isEqualTo(new SplitWeights.Read(Routes.canaryWeight(expected)));
        assertThat(read(primary, canary)).isEqualTo(new SplitWeights.Read(Routes.canaryWeight(expected)));
    }

    @ParameterizedTest
    @CsvSource({"900m, 100m, 10", "1, 1, 50", "3, 1, 25", "2, 1, 33", "1, 2, 67", "0, 5, 100"})
    void readsRelativeWeightsAsThePercentagesTheMeshSends(String primary, String canary, int expected) {
        assertThat(read(primary, canary)).isEqualTo(new SplitWeights.Read(Routes.canaryWeight(expected)));
    }

    @Test
    void aSplitWithoutEitherBackendIsFlaggersError() {
        SplitSpec spec = new SplitSpec("podinfo", List.of(new SplitBackend("other", "100")), Map.of());

        assertThat(SplitWeights.read(spec, "podinfo-primary", "podinfo-canary", "podinfo.default")).isEqualTo(
                new SplitWeights.Unreadable("TrafficSplit podinfo.default does not contain routes for podinfo-primary and podinfo-canary"));
    }

    @Test
    void zeroWeightsAndBadWeightsAreUnreadable() {
        assertThat(read("0", "0")).isInstanceOf(SplitWeights.Unreadable.class);
        assertThat(read("-10", "110")).isInstanceOf(SplitWeights.Unreadable.class);
        assertThat(read("lots", "10")).isInstanceOf(SplitWeights.Unreadable.class);
    }

    @Test
    void aMissingCanaryBackendReadsAsAllPrimary() {
        SplitSpec spec = new SplitSpec("podinfo", List.of(new SplitBackend("podinfo-primary", "100")), Map.of());

        assertThat(SplitWeights.read(spec, "podinfo-primary", "podinfo-canary", "x")).isEqualTo(new SplitWeights.Read(Routes.PRIMARY_ONLY));
    }
}
