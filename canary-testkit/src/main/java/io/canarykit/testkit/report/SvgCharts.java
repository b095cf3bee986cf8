package io.canarykit.testkit.report;

import static io.canarykit.testkit.report.Markers.line;
import static io.canarykit.testkit.report.Xml.num;
import static io.canarykit.testkit.report.Xml.text;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import io.canarykit.testkit.simulation.TimelineText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * The report's SVG charts. Elements carry classes (and {@code data-*} attributes) that say what
 * they are — {@code axis}, {@code series}, {@code threshold-band}, {@code marker failed-check},
 * {@code marker phase-change}, {@code phase-label}, {@code legend-item} — so tests and readers of
 * the markup can find them.
 */
final class SvgCharts {

    private static final double WEIGHT_PLOT_HEIGHT = 170;
    private static final double METRIC_PLOT_HEIGHT = 140;
    /**
     * The allowed band is never drawn thinner than this: with a maximum of 1 and values of 2000 it
     * would be a fraction of a pixel, and a reader would not see what the values failed against.
     * Its edges then overstate the range by a pixel or two; the legend and tooltips give the exact bounds.
     */
    static final double MIN_BAND_HEIGHT = 4;
    private static final double LEGEND_WIDTH = Plot.WIDTH - Plot.LEFT - Plot.RIGHT;

    private SvgCharts() {
    }

    /** Canary weight on the route after each tick, as a step line from t=0. */
    static String weightChart(Timeline timeline) {
        TimeAxis time = TimeAxis.of(timeline.duration());
        List<PhaseLabels.Placed> labels = phaseLabels(timeline, time);
        List<Tick> failed = timeline.ticks().stream().filter(t -> failure(t).isPresent()).toList();
        Legend legend = new Legend(LEGEND_WIDTH).add("canary-weight", seriesSwatch(Markers.BLUE), "canary weight");
        if (!failed.isEmpty()) {
            legend.add("failed-check", Markers.cross(0, 0), "failed check");
        }
        phaseLegend(legend, labels);
        Plot plot = Plot.of(WEIGHT_PLOT_HEIGHT, PhaseLabels.rows(labels), legend.rows(), time, new ValueAxis(0, 100, 25));

        StringBuilder svg = open("weight-chart", "Canary weight over time", plot, "");
        axes(svg, plot, "%", "canary weight (%)");
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
        svg.append("<path class=\"series weight\" data-series=\"canary-weight\" fill=\"none\" stroke=\"").append(Markers.BLUE)
                .append("\" stroke-width=\"2\" d=\"").append(d).append("\"/>\n");
        for (Tick tick : timeline.ticks()) {
            double x = plot.x(tick.at());
            double y = plot.y(tick.canaryWeight());
            svg.append("<g class=\"point weight\">").append(Markers.dot(x, y, Markers.BLUE)).append("<title>")
                    .append(text(TimelineText.offset(tick.at()) + " " + tick.phase().wireName() + " weight " + tick.canaryWeight() + "%"))
                    .append("</title></g>\n");
        }
        for (Tick tick : failed) {
            CheckResult check = failure(tick).orElseThrow();
            failedMarker(svg, plot.x(tick.at()), plot.y(tick.canaryWeight()), tick, check);
        }
        phaseChanges(svg, plot, labels);
        svg.append(legend.render(plot.plotLeft(), plot.plotBottom() + Plot.LEGEND_OFFSET));
        return svg.append("</svg>\n").toString();
    }

    /** The values of one metric's checks against its allowed band, in the metric's unit where known. */
    static String metricChart(Timeline timeline, String metric) {
        List<CheckResult> checks = timeline.checks(metric);
        Band band = Band.of(checks);
        String unit = MetricUnit.of(timeline.canary(), metric);
        TimeAxis time = TimeAxis.of(timeline.duration());
        List<PhaseLabels.Placed> labels = phaseLabels(timeline, time);
        Legend legend = metricLegend(checks, band, unit, labels);
        Plot plot = Plot.of(METRIC_PLOT_HEIGHT, PhaseLabels.rows(labels), legend.rows(), time, valueAxis(checks, band));

        StringBuilder svg = open("metric-chart", metric + " against its allowed range", plot,
                " data-metric=\"" + text(metric) + "\" data-unit=\"" + text(unit) + "\"");
        if (band.exists()) {
            band(svg, plot, band);
        }
        axes(svg, plot, unit, MetricUnit.title(metric, unit));
        StringBuilder points = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (Tick tick : timeline.ticks()) {
            Optional<CheckResult> check = tick.check(metric);
            if (check.isEmpty()) {
                continue;
            }
            CheckResult c = check.get();
            double x = plot.x(tick.at());
            String label = text(TimelineText.offset(tick.at()) + " " + TimelineText.check(c)
                    + (c.message().isEmpty() ? "" : ": " + c.message()));
            if (c.value() == null) {
                // Nothing to plot: the marker sits on the time axis at the time of the check.
                double y = plot.plotBottom();
                String shape = c.verdict() == Verdict.NO_DATA ? Markers.noData(x, y)
                        : c.verdict() == Verdict.ERROR ? Markers.queryError(x, y) : Markers.dot(x, y, Markers.GREY);
                marks.append("<g class=\"point marker ").append(c.verdict().wireName()).append("\" data-tick=\"")
                        .append(tick.index()).append("\">").append(shape).append("<title>").append(label).append("</title></g>\n");
                continue;
            }
            double y = plot.y(c.value());
            points.append(points.length() == 0 ? "" : " ").append(num(x)).append(',').append(num(y));
            String colour = c.passed() ? Markers.GREEN : c.verdict().isFailure() ? Markers.RED : Markers.GREY;
            marks.append("<g class=\"point ").append(c.passed() ? "pass" : c.verdict().wireName()).append("\" data-tick=\"")
                    .append(tick.index()).append("\">").append(Markers.dot(x, y, colour)).append("<title>").append(label)
                    .append("</title></g>\n");
            if (c.verdict().isFailure()) {
                failedMarker(marks, x, y, tick, c);
            }
        }
        svg.append("<polyline class=\"series metric\" data-metric=\"").append(text(metric)).append("\" fill=\"none\" stroke=\"")
                .append(Markers.PURPLE).append("\" stroke-width=\"2\" points=\"").append(points).append("\"/>\n");
        svg.append(marks);
        phaseChanges(svg, plot, labels);
        svg.append(legend.render(plot.plotLeft(), plot.plotBottom() + Plot.LEGEND_OFFSET));
        return svg.append("</svg>\n").toString();
    }

    /**
     * An axis that holds both the values and the allowed band, so neither is clipped: values of 20
     * against a maximum of 1 still show the band at the bottom. Values measured from zero up (a
     * latency, an error rate) get a zero baseline; values that hover far from zero (a 99.5% success
     * rate) keep a tight axis, where a zero baseline would flatten them into one line.
     */
    static ValueAxis valueAxis(List<CheckResult> checks, Band band) {
        DoubleSummaryStatistics range = DoubleStream.concat(
                checks.stream().flatMapToDouble(c -> c.valueIfAny().stream()), band.bounds()).summaryStatistics();
        if (range.getCount() == 0) {
            return ValueAxis.of(0, 1);
        }
        double low = range.getMin();
        double high = range.getMax();
        if (low > 0 && low <= high / 2) {
            low = 0;
        }
        return ValueAxis.of(low, high);
    }

    private static Legend metricLegend(List<CheckResult> checks, Band band, String unit, List<PhaseLabels.Placed> labels) {
        Legend legend = new Legend(LEGEND_WIDTH).add("series", seriesSwatch(Markers.PURPLE), "measured value");
        if (band.exists()) {
            legend.add("threshold-band", "<rect x=\"-9\" y=\"-6\" width=\"18\" height=\"12\" fill=\"" + Markers.GREEN
                    + "\" fill-opacity=\"0.15\" stroke=\"" + Markers.GREEN + "\" stroke-dasharray=\"4 2\"/>", band.describe(unit));
        }
        if (checks.stream().anyMatch(CheckResult::passed)) {
            legend.add("pass", Markers.dot(0, 0, Markers.GREEN), "passed check");
        }
        if (checks.stream().anyMatch(c -> c.verdict() == Verdict.FAIL)) {
            legend.add("failed-check", Markers.cross(0, 0), "failed check");
        }
        if (checks.stream().anyMatch(c -> c.verdict() == Verdict.NO_DATA)) {
            legend.add("no-data", Markers.noData(0, 0), "no data (a failed check)");
        }
        if (checks.stream().anyMatch(c -> c.verdict() == Verdict.ERROR)) {
            legend.add("error", Markers.queryError(0, 0), "query error (a failed check)");
        }
        if (checks.stream().anyMatch(c -> c.verdict() == Verdict.INSUFFICIENT_DATA)) {
            legend.add("insufficient-data", Markers.dot(0, 0, Markers.GREY), "insufficient data (holds)");
        }
        phaseLegend(legend, labels);
        return legend;
    }

    private static void band(StringBuilder svg, Plot plot, Band band) {
        double top = plot.y(band.max() == null ? plot.values().max() : band.max());
        double bottom = plot.y(band.min() == null ? plot.values().min() : band.min());
        if (bottom - top < MIN_BAND_HEIGHT) {
            double middle = (top + bottom) / 2;
            top = Math.max(plot.plotTop(), Math.min(plot.plotBottom() - MIN_BAND_HEIGHT, middle - MIN_BAND_HEIGHT / 2));
            bottom = top + MIN_BAND_HEIGHT;
        }
        svg.append("<rect class=\"threshold-band\" data-min=\"").append(band.min() == null ? "" : TimelineText.number(band.min()))
                .append("\" data-max=\"").append(band.max() == null ? "" : TimelineText.number(band.max()))
                .append("\" x=\"").append(num(plot.plotLeft())).append("\" y=\"").append(num(top))
                .append("\" width=\"").append(num(plot.plotRight() - plot.plotLeft())).append("\" height=\"")
                .append(num(bottom - top)).append("\" fill=\"").append(Markers.GREEN).append("\" fill-opacity=\"0.15\"/>\n");
        // The bounds themselves as lines, so the edge a value crossed is visible even where the band is thin.
        band.bounds().forEach(bound -> svg.append(line(plot.plotLeft(), plot.y(bound), plot.plotRight(), plot.y(bound),
                " class=\"threshold-line\" data-value=\"" + TimelineText.number(bound) + "\" stroke=\"" + Markers.GREEN
                        + "\" stroke-dasharray=\"4 2\"")).append('\n'));
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

    private static void axes(StringBuilder svg, Plot plot, String unit, String title) {
        svg.append("<g class=\"axis x-axis\" stroke=\"").append(Markers.GREY).append("\" font-size=\"11\" fill=\"")
                .append(Markers.GREY).append("\">\n");
        svg.append(line(plot.plotLeft(), plot.plotBottom(), plot.plotRight(), plot.plotBottom(), ""));
        for (Duration at : plot.time().ticks()) {
            double x = plot.x(at);
            svg.append(line(x, plot.plotBottom(), x, plot.plotBottom() + 4, ""));
            svg.append("<text class=\"tick-label\" data-ms=\"").append(at.toMillis()).append("\" stroke=\"none\" x=\"")
                    .append(num(x)).append("\" y=\"").append(num(plot.plotBottom() + 16)).append("\" text-anchor=\"middle\">")
                    .append(text(TimelineText.offset(at))).append("</text>\n");
        }
        svg.append("</g>\n<g class=\"axis y-axis\" stroke=\"").append(Markers.GREY).append("\" font-size=\"11\" fill=\"")
                .append(Markers.GREY).append("\">\n");
        svg.append(line(plot.plotLeft(), plot.plotTop(), plot.plotLeft(), plot.plotBottom(), ""));
        for (double value : plot.values().ticks()) {
            double y = plot.y(value);
            svg.append(line(plot.plotLeft() - 4, y, plot.plotLeft(), y, ""));
            svg.append(line(plot.plotLeft(), y, plot.plotRight(), y, " class=\"grid\" stroke-opacity=\"0.15\""));
            svg.append("<text class=\"tick-label\" data-value=\"").append(TimelineText.number(value)).append("\" stroke=\"none\" x=\"")
                    .append(num(plot.plotLeft() - 8)).append("\" y=\"").append(num(y + 4)).append("\" text-anchor=\"end\">")
                    .append(text(TimelineText.number(value) + unit)).append("</text>\n");
        }
        double middle = (plot.plotTop() + plot.plotBottom()) / 2;
        svg.append("<text class=\"axis-title\" stroke=\"none\" text-anchor=\"middle\" transform=\"translate(14 ")
                .append(num(middle)).append(") rotate(-90)\">").append(text(title)).append("</text>\n</g>\n");
    }

    private static void failedMarker(StringBuilder svg, double x, double y, Tick tick, CheckResult check) {
        svg.append("<g class=\"marker failed-check\" data-metric=\"").append(text(check.metric())).append("\" data-tick=\"")
                .append(tick.index()).append("\"><title>")
                .append(text(TimelineText.offset(tick.at()) + " failed: " + check.message())).append("</title>")
                .append(Markers.cross(x, y)).append("</g>\n");
    }

    /** The check that counted as a failure in this tick (not one that merely lacked samples). */
    private static Optional<CheckResult> failure(Tick tick) {
        return tick.checks().stream().filter(c -> c.verdict().isFailure()).findFirst();
    }

    /** Each phase the canary entered, labelled above the plot without overlaps. */
    static List<PhaseLabels.Placed> phaseLabels(Timeline timeline, TimeAxis time) {
        List<PhaseLabels.Mark> marks = new ArrayList<>();
        CanaryPhase previous = CanaryPhase.INITIALIZED;
        for (Tick tick : timeline.ticks()) {
            if (tick.phase() != previous) {
                previous = tick.phase();
                marks.add(new PhaseLabels.Mark(Plot.x(tick.at(), time), tick.phase().wireName(), tick.index()));
            }
        }
        // Labels may reach into the right margin, never past the chart.
        return PhaseLabels.layout(marks, Plot.LEFT, Plot.WIDTH - 4, 0);
    }

    private static void phaseChanges(StringBuilder svg, Plot plot, List<PhaseLabels.Placed> labels) {
        double baseline = plot.plotTop() - 4;
        for (PhaseLabels.Placed label : labels) {
            String phase = label.mark().text();
            double x = label.mark().x();
            svg.append("<g class=\"marker phase-change\" data-phase=\"").append(text(phase)).append("\" data-tick=\"")
                    .append(label.mark().tick()).append("\">")
                    // The line reaches up to its label, which may sit a few rows above the plot.
                    .append(line(x, baseline + label.box().bottom(), x, plot.plotBottom(),
                            " stroke=\"" + phaseColour(phase) + "\" stroke-dasharray=\"4 3\""))
                    .append("</g>\n");
        }
        // Labels after all lines, each on a white box: a line reaching up to a higher row must not strike it through.
        for (PhaseLabels.Placed label : labels) {
            String phase = label.mark().text();
            LabelBox box = label.box();
            double top = baseline + box.y();
            svg.append("<g class=\"phase-label-box\"><rect x=\"").append(num(box.x() - 1)).append("\" y=\"").append(num(top + 1))
                    .append("\" width=\"").append(num(box.width() + 2)).append("\" height=\"").append(num(box.height() - 1))
                    .append("\" fill=\"#fff\" fill-opacity=\"0.9\"/>")
                    .append("<text class=\"phase-label\" data-box=\"").append(num(box.x())).append(' ').append(num(top)).append(' ')
                    .append(num(box.width())).append(' ').append(num(box.height())).append("\" x=\"")
                    .append(num(label.endAnchored() ? box.right() : box.x())).append("\" y=\"").append(num(top + box.height() - 3))
                    .append(label.endAnchored() ? "\" text-anchor=\"end" : "").append("\" font-size=\"10\" fill=\"")
                    .append(phaseColour(phase)).append("\">").append(text(phase)).append("</text></g>\n");
        }
    }

    private static void phaseLegend(Legend legend, List<PhaseLabels.Placed> labels) {
        if (!labels.isEmpty()) {
            legend.add("phase-change", line(-9, 0, 9, 0, " stroke=\"" + Markers.AMBER + "\" stroke-dasharray=\"4 3\" stroke-width=\"1.5\""),
                    "phase change (labelled above)");
        }
    }

    private static String phaseColour(String phase) {
        return CanaryPhase.FAILED.wireName().equals(phase) ? Markers.RED
                : CanaryPhase.SUCCEEDED.wireName().equals(phase) ? Markers.GREEN : Markers.AMBER;
    }

    private static String seriesSwatch(String colour) {
        return line(-9, 0, 9, 0, " stroke=\"" + colour + "\" stroke-width=\"2\"") + Markers.dot(0, 0, colour);
    }
}
