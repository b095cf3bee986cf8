package io.canarykit.testkit.report;

import static io.canarykit.testkit.report.Xml.num;

/**
 * The shapes the charts draw, each in one place so that the legend shows exactly what the plot
 * shows. Every method returns markup centred on (x, y).
 */
final class Markers {

    static final String BLUE = "#1f6feb";
    static final String GREEN = "#2da44e";
    static final String RED = "#cf222e";
    static final String PURPLE = "#8250df";
    static final String GREY = "#57606a";
    static final String ORANGE = "#bc4c00";
    static final String AMBER = "#9a6700";

    private Markers() {
    }

    static String cross(double x, double y) {
        double r = 6;
        return "<g stroke=\"" + RED + "\" stroke-width=\"2\">" + line(x - r, y - r, x + r, y + r, "")
                + line(x - r, y + r, x + r, y - r, "") + "</g>";
    }

    static String dot(double x, double y, String colour) {
        return "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"3.5\" fill=\"" + colour + "\"/>";
    }

    /** A hollow triangle: the backend returned no data. */
    static String noData(double x, double y) {
        return "<path d=\"M" + num(x) + " " + num(y - 6) + " L" + num(x + 6) + " " + num(y + 5) + " L" + num(x - 6) + " "
                + num(y + 5) + " Z\" fill=\"#fff\" stroke=\"" + GREY + "\" stroke-width=\"2\"/>";
    }

    /** A hollow square: the query failed. */
    static String queryError(double x, double y) {
        return "<rect x=\"" + num(x - 5) + "\" y=\"" + num(y - 5) + "\" width=\"10\" height=\"10\" fill=\"#fff\" stroke=\""
                + ORANGE + "\" stroke-width=\"2\"/>";
    }

    static String line(double x1, double y1, double x2, double y2, String attributes) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"" + attributes
                + "/>";
    }
}
