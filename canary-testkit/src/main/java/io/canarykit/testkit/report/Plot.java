package io.canarykit.testkit.report;

import java.time.Duration;

/**
 * The geometry of one chart: the plot area inside the margins and the mapping of time (x) and value
 * (y) onto it.
 */
record Plot(double width, double height, double left, double right, double top, double bottom, Duration span,
        double yMin, double yMax) {

    static final double WIDTH = 880;
    static final double LEFT = 64;
    static final double RIGHT = 24;
    static final double TOP = 28;
    static final double BOTTOM = 36;

    static Plot of(double height, Duration span, double yMin, double yMax) {
        Duration safeSpan = span.isZero() ? Duration.ofMinutes(1) : span;
        double top = yMax > yMin ? yMax : yMin + 1;
        return new Plot(WIDTH, height, LEFT, RIGHT, TOP, BOTTOM, safeSpan, yMin, top);
    }

    double x(Duration at) {
        return left + (width - left - right) * at.toMillis() / (double) span.toMillis();
    }

    double y(double value) {
        double clamped = Math.max(yMin, Math.min(yMax, value));
        return top + (height - top - bottom) * (1 - (clamped - yMin) / (yMax - yMin));
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
}
