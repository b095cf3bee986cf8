package io.canarykit.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void aSplitByCanaryWeightIsTheSameSplitEveryTime() {
        assertThat(Routes.canaryWeight(30)).isEqualTo(new Routes(70, 30, false)).isSameAs(Routes.canaryWeight(30));
        assertThat(Routes.canaryWeight(0)).isEqualTo(Routes.PRIMARY_ONLY);
        assertThat(Routes.canaryWeight(100)).isEqualTo(Routes.CANARY_ONLY);
    }

    @Test
    void aWeightOutOfRangeIsRefusedAsBefore() {
        assertThatThrownBy(() -> Routes.canaryWeight(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Routes.canaryWeight(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
