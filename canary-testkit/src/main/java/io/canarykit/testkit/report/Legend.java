package io.canarykit.testkit.report;

import static io.canarykit.testkit.report.Xml.num;
import static io.canarykit.testkit.report.Xml.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The key under a chart: one entry per kind of thing the chart actually draws (a run without
 * failures gets no "failed check" entry), each with the same shape as in the plot.
 */
final class Legend {

    private static final double SWATCH = 18;
    private static final double CHAR_WIDTH = 6.4;
    private static final double ITEM_GAP = 18;
    static final double ROW_HEIGHT = 16;

    private final List<String> items = new ArrayList<>();
    private final double maxWidth;
    private double x;
    private int row;

    /** A legend whose entries wrap to a new row beyond {@code maxWidth}. */
    Legend(double maxWidth) {
        this.maxWidth = maxWidth;
    }

    /**
     * Adds an entry. {@code swatch} is markup centred on (0, 0); {@code kind} goes into
     * {@code data-item} for tests.
     */
    Legend add(String kind, String swatch, String label) {
        double width = SWATCH + 5 + label.length() * CHAR_WIDTH;
        if (x > 0 && x + width > maxWidth) {
            x = 0;
            row++;
        }
        items.add("<g class=\"legend-item\" data-item=\"" + kind + "\" transform=\"translate(" + num(x + SWATCH / 2)
                + " " + num(row * ROW_HEIGHT) + ")\">" + swatch + "<text x=\"" + num(SWATCH / 2 + 5) + "\" y=\"4\" stroke=\"none\">" + text(label)
                + "</text></g>\n");
        x += width + ITEM_GAP;
        return this;
    }

    /** How many rows the entries take. */
    int rows() {
        return items.isEmpty() ? 0 : row + 1;
    }

    String render(double left, double y) {
        return "<g class=\"legend\" font-size=\"11\" fill=\"" + Markers.GREY + "\" transform=\"translate(" + num(left) + " "
                + num(y) + ")\">\n" + String.join("", items) + "</g>\n";
    }
}
