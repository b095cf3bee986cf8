package io.canarykit.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrozenMapTest {

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void aCopyKeepsTheKeyOrderAndDoesNotFollowTheSource() {
        Map<String, String> source = ordered("z", "1", "a", "2", "m", "3");
        FrozenMap<String> frozen = FrozenMap.copyOf(source);
        source.put("b", "4");

        assertThat(frozen.keySet()).containsExactly("z", "a", "m");
        assertThat(frozen).isEqualTo(Map.of("z", "1", "a", "2", "m", "3")).hasSameHashCodeAs(Map.of("z", "1", "a", "2", "m", "3"));
        assertThat(frozen.get("a")).isEqualTo("2");
        assertThat(frozen.getOrDefault("b", "none")).isEqualTo("none");
    }

    @Test
    void aFrozenMapIsNotCopiedAgain() {
        FrozenMap<String> frozen = FrozenMap.copyOf(ordered("a", "1"));

        assertThat(FrozenMap.copyOf(frozen)).isSameAs(frozen);
        assertThat(Copies.map(frozen)).isSameAs(frozen);
    }

    @Test
    void itCannotBeChanged() {
        FrozenMap<String> frozen = FrozenMap.copyOf(ordered("a", "1"));

        assertThatThrownBy(() -> frozen.put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(frozen::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue("2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void itKnowsWhetherItHoldsNulls() {
        Map<String, String> withNull = new HashMap<>();
        withNull.put("a", null);

        assertThat(FrozenMap.isFrozenWithoutNulls(FrozenMap.copyOf(ordered("a", "1")))).isTrue();
        assertThat(FrozenMap.isFrozenWithoutNulls(FrozenMap.copyOf(withNull))).isFalse();
        assertThat(FrozenMap.isFrozenWithoutNulls(Map.of("a", "1"))).isFalse();
    }

    @Test
    void aStatusRebuiltFromAnotherKeepsItsMapsAsTheyAre() {
        CanaryStatus status = CanaryStatus.EMPTY.toBuilder().trackedConfigs(ordered("config/app", "abc"))
                .insufficientChecks(Map.of("error-rate", 1)).build();

        CanaryStatus next = status.toBuilder().lastAnalysisAt(Instant.EPOCH).build();

        assertThat(next.trackedConfigs()).isSameAs(status.trackedConfigs());
        assertThat(next.insufficientChecks()).isSameAs(status.insufficientChecks());
    }
}
