package io.canarykit.testkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The chart models: round axis ticks and phase labels that never overlap. */
class ChartGeometryTest {

    private static final List<Duration> ROUND_STEPS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3),
            Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1));

    @ParameterizedTest
    @CsvSource({"PT8M, PT2M, PT8M", "PT5M, PT1M, PT5M", "PT5M5S, PT1M, PT6M", "PT100S, PT15S, PT105S", "PT45S, PT10S, PT50S",
            "PT2H, PT30M, PT2H", "PT7S, PT1S, PT7S", "PT0S, PT10S, PT1M"})
    void timeTicksFallOnRoundOffsetsAndTheAxisEndsOnOne(Duration span, Duration step, Duration end) {
        TimeAxis axis = TimeAxis.of(span);

        assertThat(axis.step()).isEqualTo(step);
        assertThat(axis.end()).isEqualTo(end);
        assertThat(axis.ticks()).first().isEqualTo(Duration.ZERO);
        assertThat(axis.ticks()).last().isEqualTo(end);
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 9, 20, 61, 95, 170, 299, 300, 301, 700, 1800, 3601, 7200, 20_000, 86_400, 200_000})
    void anyRunLengthGetsFourToEightTicksAtARoundStep(long seconds) {
        TimeAxis axis = TimeAxis.of(Duration.ofSeconds(seconds));

        assertThat(ROUND_STEPS).contains(axis.step());
        assertThat(axis.ticks()).hasSizeBetween(4, 8);
        assertThat(axis.end()).isGreaterThanOrEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({"0, 20, 0, 20, 5", "0, 100, 0, 100, 20", "0, 500, 0, 500, 100", "99, 99.5, 99, 99.5, 0.1",
            "0, 2000, 0, 2000, 500", "0, 1, 0, 1, 0.2", "-3, 7, -4, 8, 2"})
    void valueAxesStartAndEndOnRoundTicks(double low, double high, double min, double max, double step) {
        ValueAxis axis = ValueAxis.of(low, high);

        assertThat(axis).isEqualTo(new ValueAxis(min, max, step));
        assertThat(axis.ticks()).hasSizeBetween(4, 8).allSatisfy(tick -> {
            BigDecimal steps = BigDecimal.valueOf(tick).divide(BigDecimal.valueOf(step));
            assertThat(steps.stripTrailingZeros().scale()).as("%s is a multiple of %s", tick, step).isLessThanOrEqualTo(0);
        });
    }

    @Test
    void aFlatSeriesStillGetsAnAxisAroundIt() {
        assertThat(ValueAxis.of(250, 250).ticks()).hasSizeGreaterThan(2).contains(250.0);
        assertThat(ValueAxis.of(0, 0).ticks()).contains(0.0);
    }

    @Test
    void phaseLabelsCloseInTimeGoToSeparateRowsAndNeverOverlap() {
        List<PhaseLabels.Mark> marks = List.of(new PhaseLabels.Mark(100, "Progressing", 0),
                new PhaseLabels.Mark(700, "WaitingPromotion", 1), new PhaseLabels.Mark(704, "Promoting", 2),
                new PhaseLabels.Mark(708, "Finalising", 3), new PhaseLabels.Mark(712, "Succeeded", 4),
                new PhaseLabels.Mark(860, "Failed", 5));

        List<PhaseLabels.Placed> placed = PhaseLabels.layout(marks, 84, 876, 0);

        assertNoOverlaps(placed);
        assertThat(PhaseLabels.rows(placed)).isGreaterThan(1);
        for (PhaseLabels.Placed label : placed) {
            // Each label stays next to its own line, inside the chart.
            double x = label.mark().x();
            assertThat(label.endAnchored() ? label.box().right() : label.box().x())
                    .isEqualTo(label.endAnchored() ? x - PhaseLabels.GAP : x + PhaseLabels.GAP);
            assertThat(label.box().x()).isGreaterThanOrEqualTo(84);
            assertThat(label.box().right()).isLessThanOrEqualTo(876);
        }
    }

    @Test
    void phaseLabelsFarApartShareOneRow() {
        List<PhaseLabels.Placed> placed = PhaseLabels.layout(List.of(new PhaseLabels.Mark(100, "Progressing", 0),
                new PhaseLabels.Mark(500, "Promoting", 1), new PhaseLabels.Mark(860, "Succeeded", 2)), 84, 876, 0);

        assertThat(PhaseLabels.rows(placed)).isEqualTo(1);
        assertThat(placed.get(2).endAnchored()).as("the label at the right edge ends at its line").isTrue();
    }

    @Test
    void boxesOverlapOnlyWhenTheyShareArea() {
        LabelBox box = new LabelBox("a", 0, 0, 10, 10);

        assertThat(box.overlaps(new LabelBox("b", 5, 5, 10, 10))).isTrue();
        assertThat(box.overlaps(new LabelBox("b", 10, 0, 10, 10))).as("touching").isFalse();
        assertThat(box.overlaps(new LabelBox("b", 0, 10, 10, 10))).as("the row below").isFalse();
    }

    static void assertNoOverlaps(List<PhaseLabels.Placed> placed) {
        List<LabelBox> boxes = new ArrayList<>(placed.stream().map(PhaseLabels.Placed::box).toList());
        assertNoOverlappingBoxes(boxes);
    }

    static void assertNoOverlappingBoxes(List<LabelBox> boxes) {
        for (int i = 0; i < boxes.size(); i++) {
            for (int j = i + 1; j < boxes.size(); j++) {
                assertThat(boxes.get(i).overlaps(boxes.get(j))).as("%s overlaps %s", boxes.get(i), boxes.get(j)).isFalse();
            }
        }
    }
}
