package io.canarykit.testkit.report;

import static io.canarykit.testkit.report.Xml.text;

import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import io.canarykit.testkit.simulation.TimelineText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders a {@link Timeline} as one self-contained HTML file: a summary, the canary weight chart,
 * one chart per metric against its threshold band, and the event log. The markup is also
 * well-formed XML, so it can be checked with any XML parser.
 *
 * <pre>{@code
 * TimelineReport.write(timeline, Path.of("target/canary-report.html"));
 * }</pre>
 */
public final class TimelineReport {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1f2328;max-width:940px}
            h1{font-size:20px;margin:0 0 4px} h2{font-size:15px;margin:24px 0 6px}
            .summary{color:#57606a;margin:0 0 12px} .result-Succeeded{color:#1a7f37} .result-Failed{color:#cf222e}
            svg.chart{display:block;border:1px solid #d0d7de;border-radius:6px;background:#fff}
            table.events{border-collapse:collapse;width:100%;font-size:12px}
            table.events td,table.events th{border-bottom:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
            tr.Warning td{color:#9a3412} td.at{white-space:nowrap;font-variant-numeric:tabular-nums}
            """;

    private TimelineReport() {
    }

    public static String html(Timeline timeline) {
        StringBuilder html = new StringBuilder(32_768);
        String title = "Canary " + timeline.name() + ": " + timeline.result().wireName();
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>").append(text(title)).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<h1>Canary ").append(text(timeline.name())).append(" <span class=\"result result-")
                .append(timeline.result().wireName()).append("\">").append(timeline.result().wireName()).append("</span></h1>\n");
        html.append("<p class=\"summary\">").append(timeline.ticks().size()).append(" ticks over ")
                .append(text(TimelineText.offset(timeline.duration()).substring(2))).append(", ")
                .append(timeline.failedChecks().size()).append(" failed checks (rollback at ")
                .append(timeline.canary().analysis().thresholdOrDefault()).append(")").append(timeline.finished() ? "" : ", did not finish")
                .append("</p>\n");
        html.append("<h2>Canary weight</h2>\n").append(SvgCharts.weightChart(timeline));
        for (String metric : timeline.metricNames()) {
            html.append("<h2>Metric ").append(text(metric)).append("</h2>\n").append(SvgCharts.metricChart(timeline, metric));
        }
        html.append("<h2>Events</h2>\n<table class=\"events\">\n<thead><tr><th>time</th><th>phase</th><th>type</th>")
                .append("<th>message</th></tr></thead>\n<tbody>\n");
        for (Tick tick : timeline.ticks()) {
            for (CanaryEvent event : tick.events()) {
                html.append("<tr class=\"").append(event.type().wireName()).append("\"><td class=\"at\">")
                        .append(text(TimelineText.offset(tick.at()))).append("</td><td>").append(tick.phase().wireName())
                        .append("</td><td>").append(event.type().wireName()).append("</td><td>").append(text(event.message()))
                        .append("</td></tr>\n");
            }
        }
        return html.append("</tbody>\n</table>\n</body>\n</html>\n").toString();
    }

    /**
     * The report's charts without the document around them: the weight chart, then one chart per
     * metric, as inline {@code <svg>} elements, for a page that embeds them (the CLI's dashboard
     * redraws them as a live run goes on). Empty when the timeline has no ticks yet.
     */
    public static String charts(Timeline timeline) {
        if (timeline.ticks().isEmpty()) {
            return "";
        }
        StringBuilder svg = new StringBuilder(SvgCharts.weightChart(timeline));
        timeline.metricNames().forEach(metric -> svg.append(SvgCharts.metricChart(timeline, metric)));
        return svg.toString();
    }

    /** Writes the report to {@code file}, creating its parent directories (such as {@code target/reports/}) first. */
    public static void write(Timeline timeline, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html(timeline), StandardCharsets.UTF_8);
    }
}
