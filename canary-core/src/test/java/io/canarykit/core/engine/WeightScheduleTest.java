package io.canarykit.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.spi.Routes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeightScheduleTest {

    private static CanaryAnalysis analysis(Integer stepWeight, Integer maxWeight, List<Integer> stepWeights) {
        return new CanaryAnalysis("1m", null, null, null, maxWeight, stepWeight, stepWeights, null, null, null, null, null, null,
                null, null, null, null);
    }

    private static List<Integer> schedule(CanaryAnalysis analysis) {
        List<Integer> weights = new ArrayList<>();
        int weight = 0;
        while (!WeightSchedule.reachedMax(analysis, weight)) {
            weight = WeightSchedule.next(analysis, weight);
            weights.add(weight);
        }
        return weights;
    }

    @ParameterizedTest(name = "stepWeight {0}, maxWeight {1} → {2}")
    @CsvSource(delimiter = ';', value = {
        "20;50;20,40,50", "50;100;50,100", "10;50;10,20,30,40,50", "30;;30,60,90,100", "100;;100", "60;50;50", "7;20;7,14,20"})
    void linearStepsAreClampedAtMaxWeight(Integer stepWeight, Integer maxWeight, String expected) {
        assertThat(schedule(analysis(stepWeight, maxWeight, List.of()))).map(String::valueOf)
                .containsExactly(expected.split(","));
    }

    @Test
    void stepWeightsFollowTheListAndCapAtOneHundred() {
        assertThat(schedule(analysis(null, null, List.of(1, 2, 10, 80)))).containsExactly(1, 2, 10, 80);
        assertThat(schedule(analysis(null, null, List.of(1, 2, 10, 200)))).containsExactly(1, 2, 10, 100);
        assertThat(schedule(analysis(null, 20, List.of(5, 50)))).as("maxWeight is ignored with stepWeights").containsExactly(5, 50);
    }

    @Test
    void anOffListWeightJumpsToOneHundredAsInFlagger() {
        assertThat(WeightSchedule.increment(analysis(null, null, List.of(10, 20, 40)), 15)).isEqualTo(85);
    }

    @Test
    void noStepMeansNoProgression() {
        assertThat(WeightSchedule.increment(analysis(null, 50, List.of()), 0)).isZero();
    }

    @Test
    void promotionStepsMoveWeightBackToThePrimary() {
        assertThat(WeightSchedule.promotionStep(new Routes(50, 50, false), 30)).isEqualTo(new Routes(80, 20, false));
        assertThat(WeightSchedule.promotionStep(new Routes(80, 20, false), 30)).isEqualTo(Routes.PRIMARY_ONLY);
    }
}
