package io.canarykit.linkerd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightPatchTest {

    private static SplitSpec spec(Object canary, Object primary) {
        return new SplitSpec("podinfo", List.of(new SplitBackend("podinfo-canary", canary), new SplitBackend("podinfo-primary", primary)),
                Map.of());
    }

    @Test
    void testsEachBackendsServiceAndOldWeightThenReplacesTheWeight() {
        assertThat(WeightPatch.of(spec("0", "100"), spec("10", "90"))).isEqualTo("["
                + "{\"op\":\"test\",\"path\":\"/spec/backends/0/service\",\"value\":\"podinfo-canary\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/backends/0/weight\",\"value\":\"0\"},"
                + "{\"op\":\"replace\",\"path\":\"/spec/backends/0/weight\",\"value\":\"10\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/backends/1/service\",\"value\":\"podinfo-primary\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/backends/1/weight\",\"value\":\"100\"},"
                + "{\"op\":\"replace\",\"path\":\"/spec/backends/1/weight\",\"value\":\"90\"}]");
    }

    @Test
    void integerWeightsTravelAsNumbersAndTheOldValueIsTestedAsStored() {
        assertThat(WeightPatch.of(spec("20", 80), spec(30, 70))).isEqualTo("["
                + "{\"op\":\"test\",\"path\":\"/spec/backends/0/service\",\"value\":\"podinfo-canary\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/backends/0/weight\",\"value\":\"20\"},"
                + "{\"op\":\"replace\",\"path\":\"/spec/backends/0/weight\",\"value\":30},"
                + "{\"op\":\"test\",\"path\":\"/spec/backends/1/service\",\"value\":\"podinfo-primary\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/backends/1/weight\",\"value\":80},"
                + "{\"op\":\"replace\",\"path\":\"/spec/backends/1/weight\",\"value\":70}]");
    }

    @Test
    void aBackendWithoutWeightGetsOneAdded() {
        assertThat(WeightPatch.of(spec(null, 100), spec(0, 100))).isEqualTo("["
                + "{\"op\":\"test\",\"path\":\"/spec/backends/0/service\",\"value\":\"podinfo-canary\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/backends/0/weight\",\"value\":0}]");
    }

    @Test
    void splitsThatDifferInMoreThanWeightsHaveNoWeightPatch() {
        SplitSpec swapped = new SplitSpec("podinfo", List.of(new SplitBackend("podinfo-primary", 100),
                new SplitBackend("podinfo-canary", 0)), Map.of());

        assertThatThrownBy(() -> WeightPatch.of(swapped, spec(10, 90))).isInstanceOf(IllegalArgumentException.class);
    }
}
