package io.canarykit.testkit.report;

/**
 * Where a text label sits on a chart, as the rectangle it covers ({@code x}, {@code y} its top left
 * corner). Widths are estimated from the character count, not measured: the report has no font
 * metrics, so the estimate is deliberately generous.
 */
record LabelBox(String text, double x, double y, double width, double height) {

    /** Average advance of a character of the 10px system-ui labels, rounded up. */
    static final double CHAR_WIDTH = 6.2;

    static double textWidth(String text) {
        return text.length() * CHAR_WIDTH;
    }

    double right() {
        return x + width;
    }

    double bottom() {
        return y + height;
    }

    /** Whether the two rectangles share any area (touching edges do not count). */
    boolean overlaps(LabelBox other) {
        return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
    }
}
