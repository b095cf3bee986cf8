package io.canarykit.testkit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Places the phase-change labels above a chart so that none overlaps another. Each label stays next
 * to its own line (starting just right of it, or ending just left of it), so that a reader can tell
 * which line it names; phase changes close in time go to the next row up instead of being pushed
 * sideways away from their lines.
 */
final class PhaseLabels {

    static final double ROW_HEIGHT = 13;
    static final double GAP = 3;

    private PhaseLabels() {
    }

    /** A phase change: the line's x, the label's text and the tick it happened in. */
    record Mark(double x, String text, int tick) {
    }

    /** A laid-out label: its box, and whether the text ends at the line ({@code text-anchor=end}). */
    record Placed(Mark mark, LabelBox box, int row, boolean endAnchored) {
    }

    /**
     * Lays out {@code marks} (in time order) between {@code left} and {@code right}; row 0 is the one
     * just above the plot at {@code baseline}, and each further row sits {@link #ROW_HEIGHT} higher.
     */
    static List<Placed> layout(List<Mark> marks, double left, double right, double baseline) {
        List<Placed> placed = new ArrayList<>();
        for (Mark mark : marks) {
            placed.add(place(mark, placed, left, right, baseline));
        }
        return placed;
    }

    /** How many rows {@code placed} uses (0 when there are no labels). */
    static int rows(List<Placed> placed) {
        return placed.stream().mapToInt(p -> p.row() + 1).max().orElse(0);
    }

    private static Placed place(Mark mark, List<Placed> placed, double left, double right, double baseline) {
        double width = LabelBox.textWidth(mark.text());
        for (int row = 0; ; row++) {
            double top = baseline - (row + 1) * ROW_HEIGHT;
            // Prefer the label to the right of its line; near the right edge, or when that is taken, to its left.
            LabelBox after = new LabelBox(mark.text(), mark.x() + GAP, top, width, ROW_HEIGHT);
            LabelBox before = new LabelBox(mark.text(), mark.x() - GAP - width, top, width, ROW_HEIGHT);
            if (after.right() <= right && free(after, placed)) {
                return new Placed(mark, after, row, false);
            }
            if (before.x() >= left && free(before, placed)) {
                return new Placed(mark, before, row, true);
            }
            if (after.right() > right && before.x() < left && free(after, placed)) {
                // Wider than the space on either side: keep it right of its line.
                return new Placed(mark, after, row, false);
            }
        }
    }

    private static boolean free(LabelBox box, List<Placed> placed) {
        return placed.stream().noneMatch(p -> p.box().overlaps(box));
    }
}
