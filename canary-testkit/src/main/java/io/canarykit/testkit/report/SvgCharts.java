package io.canarykit.testkit.report;

import static io.canarykit.testkit.report.Xml.num;
import static io.canarykit.testkit.report.Xml.text;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import io.canarykit.testkit.simulation.TimelineText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The report's SVG charts. Elements carry classes (and {@code data-*} attributes) that say what
 * they are — {@code axis}, {@code series}, {@code threshold-band}, {@code marker failed-check},
 * {@code marker phase-change} — so tests and readers of the markup can find them.
 */
final class SvgCharts {

    private static final double WEIGHT_HEIGHT = 240;
    private static final double METRIC_HEIGHT = 200;
    private static final int X_LABELS = 6;

    private SvgCharts() {
    }

    /** Canary weight on the route after each tick, as a step line from t=0. */
    static String weightChart(Timeline timeline) {
        Plot plot = Plot.of(WEIGHT_HEIGHT, timeline.duration(), 0, 100);
        StringBuilder svg = open("weight-chart", "Canary weight over time", plot, "");
        axes(svg, plot, new double[] {0, 25, 50, 75, 100}, "%");
        StringBuilder d = new StringBuilder();
        double lastY = plot.y(0);
        d.append("M").append(num(plot.x(Duration.ZERO))).append(' ').append(num(lastY));
        for (Tick tick : timeline.ticks()) {
            double x = plot.x(tick.at());
            double y = plot.y(tick.canaryWeight());
            d.append(" L").append(num(x)).append(' ').append(num(lastY));
            d.append(" L").append(num(x)).append(' ').append(num(y));
            lastY = y;
        }
        svg.append("<path class=\"series weight\" data-series=\"canary-weight\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" d=\"")
                .append(d).append("\"/>\n");
        for (Tick tick : timeline.ticks()) {
            svg.append("<circle class=\"point weight\" cx=\"").append(num(plot.x(tick.at()))).append("\" cy=\"")
                    .append(num(plot.y(tick.canaryWeight()))).append("\" r=\"3\" fill=\"#1f6feb\"><title>")
                    .append(text(TimelineText.offset(tick.at()) + " " + tick.phase().wireName() + " weight " + tick.canaryWeight()))
                    .append("</title></circle>\n");
            tick.failedCheck().ifPresent(check -> failedMarker(svg, plot.x(tick.at()), plot.y(tick.canaryWeight()), tick, check));
        }
        phaseChanges(svg, plot, timeline);
        return svg.append("</svg>\n").toString();
    }

    /** The values of one metric's checks against its threshold band. */
    static String metricChart(Timeline timeline, String metric) {
        List<CheckResult> checks = timeline.checks(metric);
        Optional<CheckResult> first = checks.stream().findFirst();
        Double min = first.map(CheckResult::min).orElse(null);
        Double max = first.map(CheckResult::max).orElse(null);
        List<Double> values = new ArrayList<>();
        checks.forEach(c -> c.valueIfAny().ifPresent(values::add));
        if (min != null) {
            values.add(min);
        }
        if (max != null) {
            values.add(max);
        }
        double low = Math.min(0, values.stream().mapToDouble(Double::doubleValue).min().orElse(0));
        double high = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        high = high <= low ? low + 1 : high + (high - low) * 0.1;
        Plot plot = Plot.of(METRIC_HEIGHT, timeline.duration(), low, high);
        String unit = "request-duration".equals(metric) ? "ms" : "";
        StringBuilder svg = open("metric-chart", metric + " against its threshold", plot,
                " data-metric=\"" + text(metric) + "\"");
        double bandTop = plot.y(max == null ? high : max);
        double bandBottom = plot.y(min == null ? low : min);
        svg.append("<rect class=\"threshold-band\" data-min=\"").append(min == null ? "" : TimelineText.number(min))
                .append("\" data-max=\"").append(max == null ? "" : TimelineText.number(max))
                .append("\" x=\"").append(num(plot.plotLeft())).append("\" y=\"").append(num(bandTop))
                .append("\" width=\"").append(num(plot.plotRight() - plot.plotLeft())).append("\" height=\"")
                .append(num(Math.max(0, bandBottom - bandTop))).append("\" fill=\"#2da44e\" fill-opacity=\"0.12\"/>\n");
        axes(svg, plot, ticksFor(low, high), unit);
        StringBuilder points = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (Tick tick : timeline.ticks()) {
            Optional<CheckResult> check = tick.check(metric);
            if (check.isEmpty()) {
                continue;
            }
            CheckResult c = check.get();
            double x = plot.x(tick.at());
            double y = c.value() == null ? plot.y(low) : plot.y(c.value());
            if (c.value() != null) {
                points.append(points.length() == 0 ? "" : " ").append(num(x)).append(',').append(num(y));
            }
            String label = TimelineText.offset(tick.at()) + " " + metric + " "
                    + (c.value() == null ? c.verdict().wireName() : TimelineText.number(c.value()) + unit) + " " + c.verdict();
            marks.append("<circle class=\"point ").append(c.passed() ? "pass" : "fail").append("\" cx=\"").append(num(x))
                    .append("\" cy=\"").append(num(y)).append("\" r=\"3.5\" fill=\"").append(c.passed() ? "#2da44e" : "#cf222e")
                    .append("\"><title>").append(text(label)).append("</title></circle>\n");
            if (!c.passed()) {
                failedMarker(marks, x, y, tick, c);
            }
        }
        svg.append("<polyline class=\"series metric\" data-metric=\"").append(text(metric))
                .append("\" fill=\"none\" stroke=\"#8250df\" stroke-width=\"2\" points=\"").append(points).append("\"/>\n");
        svg.append(marks);
        phaseChanges(svg, plot, timeline);
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String kind, String title, Plot plot, String attributes) {
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart ").append(kind).append('"').append(attributes)
                .append(" width=\"").append(num(plot.width())).append("\" height=\"").append(num(plot.height()))
                .append("\" viewBox=\"0 0 ").append(num(plot.width())).append(' ').append(num(plot.height()))
                .append("\" role=\"img\" aria-label=\"").append(text(title)).append("\">\n<title>").append(text(title))
                .append("</title>\n");
        return svg;
    }

    private static void axes(StringBuilder svg, Plot plot, double[] yTicks, String unit) {
        svg.append("<g class=\"axis x-axis\" stroke=\"#57606a\" font-size=\"11\" fill=\"#57606a\">\n");
        svg.append(line(plot.plotLeft(), plot.plotBottom(), plot.plotRight(), plot.plotBottom(), ""));
        for (int i = 0; i <= X_LABELS; i++) {
            Duration at = plot.span().multipliedBy(i).dividedBy(X_LABELS);
            double x = plot.x(at);
            svg.append(line(x, plot.plotBottom(), x, plot.plotBottom() + 4, ""));
            svg.append("<text class=\"tick-label\" stroke=\"none\" x=\"").append(num(x)).append("\" y=\"")
                    .append(num(plot.plotBottom() + 16)).append("\" text-anchor=\"middle\">").append(text(TimelineText.offset(at)))
                    .append("</text>\n");
        }
        svg.append("</g>\n<g class=\"axis y-axis\" stroke=\"#57606a\" font-size=\"11\" fill=\"#57606a\">\n");
        svg.append(line(plot.plotLeft(), plot.plotTop(), plot.plotLeft(), plot.plotBottom(), ""));
        for (double value : yTicks) {
            double y = plot.y(value);
            svg.append(line(plot.plotLeft() - 4, y, plot.plotLeft(), y, ""));
            svg.append(line(plot.plotLeft(), y, plot.plotRight(), y, " class=\"grid\" stroke-opacity=\"0.15\""));
            svg.append("<text class=\"tick-label\" stroke=\"none\" x=\"").append(num(plot.plotLeft() - 8)).append("\" y=\"")
                    .append(num(y + 4)).append("\" text-anchor=\"end\">").append(text(TimelineText.number(value) + unit))
                    .append("</text>\n");
        }
        svg.append("</g>\n");
    }

    private static void failedMarker(StringBuilder svg, double x, double y, Tick tick, CheckResult check) {
        double r = 6;
        svg.append("<g class=\"marker failed-check\" data-metric=\"").append(text(check.metric())).append("\" data-tick=\"")
                .append(tick.index()).append("\" stroke=\"#cf222e\" stroke-width=\"2\"><title>")
                .append(text(TimelineText.offset(tick.at()) + " failed: " + check.message())).append("</title>")
                .append(line(x - r, y - r, x + r, y + r, "")).append(line(x - r, y + r, x + r, y - r, "")).append("</g>\n");
    }

    private static void phaseChanges(StringBuilder svg, Plot plot, Timeline timeline) {
        CanaryPhase previous = CanaryPhase.INITIALIZED;
        for (Tick tick : timeline.ticks()) {
            if (tick.phase() == previous) {
                continue;
            }
            previous = tick.phase();
            double x = plot.x(tick.at());
            boolean nearRightEdge = x > plot.plotRight() - 80;
            String colour = tick.phase() == CanaryPhase.FAILED ? "#cf222e" : tick.phase() == CanaryPhase.SUCCEEDED ? "#2da44e"
                    : "#9a6700";
            svg.append("<g class=\"marker phase-change\" data-phase=\"").append(tick.phase().wireName()).append("\" data-tick=\"")
                    .append(tick.index()).append("\">")
                    .append(line(x, plot.plotTop(), x, plot.plotBottom(), " stroke=\"" + colour + "\" stroke-dasharray=\"4 3\""))
                    // A label near the right edge ends at its line instead of running out of the chart.
                    .append("<text x=\"").append(num(nearRightEdge ? x - 3 : x + 3)).append("\" y=\"").append(num(plot.plotTop() - 6))
                    .append(nearRightEdge ? "\" text-anchor=\"end" : "")
                    .append("\" font-size=\"10\" fill=\"").append(colour).append("\">").append(text(tick.phase().wireName()))
                    .append("</text></g>\n");
        }
    }

    private static String line(double x1, double y1, double x2, double y2, String attributes) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"" + attributes
                + "/>";
    }

    /** Five round values from {@code low} to {@code high}. */
    private static double[] ticksFor(double low, double high) {
        double[] ticks = new double[5];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = low + (high - low) * i / (ticks.length - 1);
        }
        return ticks;
    }
}
