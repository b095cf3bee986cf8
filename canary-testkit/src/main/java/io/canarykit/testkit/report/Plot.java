package io.canarykit.testkit.report;

import java.time.Duration;

/**
 * The geometry of one chart: the plot area inside the margins and the linear mapping of time (x)
 * and value (y) onto it. The top margin grows with the rows of phase labels above the plot.
 */
record Plot(double width, double height, double left, double right, double top, double bottom, TimeAxis time,
        ValueAxis values) {

    static final double WIDTH = 880;
    /** Room for the rotated axis title and tick labels such as {@code 20000ms}. */
    static final double LEFT = 84;
    static final double RIGHT = 24;
    /** Space above the highest row of phase labels. */
    static final double TOP_PADDING = 6;
    /** Below the plot: the tick labels, then the legend's rows. */
    static final double TICK_LABELS = 30;
    /** Where the legend's first row sits below the plot. */
    static final double LEGEND_OFFSET = 38;

    static Plot of(double plotHeight, int labelRows, int legendRows, TimeAxis time, ValueAxis values) {
        double top = TOP_PADDING + Math.max(1, labelRows) * PhaseLabels.ROW_HEIGHT + 4;
        double bottom = TICK_LABELS + Math.max(1, legendRows) * Legend.ROW_HEIGHT + 12;
        return new Plot(WIDTH, top + plotHeight + bottom, LEFT, RIGHT, top, bottom, time, values);
    }

    /** Where {@code at} is on the time axis: linear from t+0 at the plot's left to the axis end at its right. */
    double x(Duration at) {
        return left + (width - left - right) * at.toMillis() / (double) time.end().toMillis();
    }

    /** Where {@code value} is on the value axis, clamped to the plot (the axis is built to hold every value). */
    double y(double value) {
        double clamped = Math.max(values.min(), Math.min(values.max(), value));
        return top + (height - top - bottom) * (1 - (clamped - values.min()) / (values.max() - values.min()));
    }

    double plotLeft() {
        return left;
    }

    double plotRight() {
        return width - right;
    }

    double plotTop() {
        return top;
    }

    double plotBottom() {
        return height - bottom;
    }

    /** The x of every phase-change line, for laying out labels before the top margin is known. */
    static double x(Duration at, TimeAxis time) {
        return LEFT + (WIDTH - LEFT - RIGHT) * at.toMillis() / (double) time.end().toMillis();
    }
}
