package io.canarykit.testkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.Verdict;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.simulation.MetricAnswer;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.Timeline;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** The report's structure, read back with an XML parser (the markup is well-formed XML by design). */
class TimelineReportTest {

    static Timeline timeline;
    static String html;
    static Document dom;
    static final XPath XPATH = XPathFactory.newInstance().newXPath();

    @BeforeAll
    static void render() throws Exception {
        timeline = Reports.rollback();
        html = TimelineReport.html(timeline);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        dom = factory.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
    }

    @Test
    void isSelfContained() {
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", "<link", "@import", "url(", "src=\"http");
        assertThat(html.replace("http://www.w3.org/", "")).doesNotContain("http://", "https://");
    }

    @Test
    void hasAWeightChartAndOneChartPerMetricEachWithBothAxes() throws Exception {
        NodeList charts = nodes("//*[local-name()='svg' and contains(@class,'chart')]");
        assertThat(charts.getLength()).isEqualTo(3);
        assertThat(count("//*[local-name()='svg' and contains(@class,'weight-chart')]")).isEqualTo(1);
        assertThat(count("//*[local-name()='svg' and @data-metric='error-rate']")).isEqualTo(1);
        assertThat(count("//*[local-name()='svg' and @data-metric='request-duration']")).isEqualTo(1);
        for (int i = 0; i < charts.getLength(); i++) {
            Element chart = (Element) charts.item(i);
            assertThat(count(chart, ".//*[contains(@class,'x-axis')]")).as("x axis").isEqualTo(1);
            assertThat(count(chart, ".//*[contains(@class,'y-axis')]")).as("y axis").isEqualTo(1);
        }
    }

    @Test
    void plotsOneSeriesPerMetricWithOnePointPerCheck() throws Exception {
        for (String metric : timeline.metricNames()) {
            assertThat(count("//*[local-name()='polyline' and contains(@class,'series') and @data-metric='" + metric + "']"))
                    .isEqualTo(1);
            Element chart = (Element) XPATH.evaluate("//*[local-name()='svg' and @data-metric='" + metric + "']", dom,
                    XPathConstants.NODE);
            assertThat(count(chart, ".//*[contains(concat(' ', @class, ' '), ' point ')]"))
                    .isEqualTo(timeline.checks(metric).size());
        }
        String points = XPATH.evaluate("//*[local-name()='polyline' and @data-metric='error-rate']/@points", dom);
        assertThat(points.split(" ")).hasSize(timeline.checks("error-rate").size());
        assertThat(count("//*[local-name()='path' and @data-series='canary-weight']")).isEqualTo(1);
    }

    @Test
    void drawsTheThresholdBandFromTheCheckRange() throws Exception {
        Element band = (Element) XPATH.evaluate("//*[local-name()='svg' and @data-metric='error-rate']"
                + "/*[local-name()='rect' and @class='threshold-band']", dom, XPathConstants.NODE);
        assertThat(band).isNotNull();
        assertThat(band.getAttribute("data-max")).isEqualTo("1");
        assertThat(band.getAttribute("data-min")).isEmpty();
        assertThat(Double.parseDouble(band.getAttribute("height"))).isPositive();
    }

    @Test
    void marksFailedChecksAndPhaseChanges() throws Exception {
        // Three failed error-rate checks, each marked on the metric chart and on the weight chart.
        assertThat(count("//*[local-name()='svg' and @data-metric='error-rate']//*[contains(@class,'failed-check')]"))
                .isEqualTo(3);
        assertThat(count("//*[local-name()='svg' and contains(@class,'weight-chart')]//*[contains(@class,'failed-check')]"))
                .isEqualTo(3);
        NodeList phases = nodes("//*[local-name()='svg' and contains(@class,'weight-chart')]//*[contains(@class,'phase-change')]");
        assertThat(phases.getLength()).isEqualTo(2);
        assertThat(((Element) phases.item(0)).getAttribute("data-phase")).isEqualTo("Progressing");
        assertThat(((Element) phases.item(1)).getAttribute("data-phase")).isEqualTo("Failed");
    }

    @Test
    void listsEveryEventUnderTheCharts() throws Exception {
        assertThat(count("//*[local-name()='table' and @class='events']//*[local-name()='tbody']/*[local-name()='tr']"))
                .isEqualTo(timeline.events().size());
        assertThat(html.indexOf("<table")).isGreaterThan(html.lastIndexOf("</svg>"));
        assertThat(html).contains("Rolling back web.prod failed checks threshold reached 3");
    }

    @Test
    void timeTicksSitWhereTheirTimeIsOnTheAxis() throws Exception {
        for (Element chart : charts(dom)) {
            List<double[]> ticks = new ArrayList<>();
            NodeList labels = (NodeList) XPATH.evaluate(".//*[contains(@class,'x-axis')]/*[@class='tick-label']", chart,
                    XPathConstants.NODESET);
            for (int i = 0; i < labels.getLength(); i++) {
                Element label = (Element) labels.item(i);
                ticks.add(new double[] {Double.parseDouble(label.getAttribute("data-ms")), Double.parseDouble(label.getAttribute("x"))});
            }
            assertThat(ticks).hasSizeBetween(4, 8);
            assertThat(ticks.get(0)).containsExactly(0, Plot.LEFT);
            double pixelsPerMs = (ticks.get(1)[1] - ticks.get(0)[1]) / ticks.get(1)[0];
            for (double[] tick : ticks) {
                assertThat(tick[1]).as("x of the tick at %sms", tick[0]).isCloseTo(Plot.LEFT + tick[0] * pixelsPerMs, within(0.1));
            }
            assertThat(ticks.get(ticks.size() - 1)[1]).as("the last tick ends the axis").isCloseTo(Plot.WIDTH - Plot.RIGHT, within(0.1));
        }
        // The rollback runs 5 minutes: a tick every minute, labelled in real time.
        assertThat(texts("//*[contains(@class,'weight-chart')]//*[contains(@class,'x-axis')]/*[@class='tick-label']"))
                .containsExactly("t+0s", "t+1m", "t+2m", "t+3m", "t+4m", "t+5m");
    }

    @Test
    void everyAxisCarriesItsUnit() throws Exception {
        assertThat(texts("//*[contains(@class,'weight-chart')]//*[contains(@class,'y-axis')]/*[@class='tick-label']"))
                .containsExactly("0%", "25%", "50%", "75%", "100%");
        assertThat(texts("//*[contains(@class,'weight-chart')]//*[@class='axis-title']")).containsExactly("canary weight (%)");
        assertThat(texts("//*[@data-metric='request-duration']//*[contains(@class,'y-axis')]/*[@class='tick-label']"))
                .containsExactly("0ms", "100ms", "200ms", "300ms", "400ms", "500ms");
        assertThat(texts("//*[@data-metric='request-duration']//*[@class='axis-title']")).containsExactly("request-duration (ms)");
        // A template's unit is whatever its query computes: not known, so the axis is named after the metric.
        assertThat(texts("//*[@data-metric='error-rate']//*[contains(@class,'y-axis')]/*[@class='tick-label']"))
                .containsExactly("0", "5", "10", "15", "20");
        assertThat(texts("//*[@data-metric='error-rate']//*[@class='axis-title']")).containsExactly("error-rate");
    }

    @Test
    void theBuiltinSuccessRateIsInPercentOnATightAxis() throws Exception {
        String yaml = Files.readString(Reports.REFERENCE).replace("      - name: request-duration\n        interval: 1m\n"
                + "        thresholdRange:\n          max: 500\n", "      - name: request-success-rate\n        interval: 1m\n"
                + "        thresholdRange:\n          min: 99\n");
        Timeline successRate = Simulation.fromManifests(ManifestReader.read(yaml, "web.yaml").resourcesOrThrow())
                .run(Scenario.defaults().metric("request-success-rate", 99.5, 99.8));
        Document doc = parse(TimelineReport.html(successRate));

        assertThat(XPATH.evaluate("//*[@data-metric='request-success-rate']/@data-unit", doc)).isEqualTo("%");
        List<String> ticks = texts(doc, "//*[@data-metric='request-success-rate']//*[contains(@class,'y-axis')]/*[@class='tick-label']");
        assertThat(ticks).allSatisfy(t -> assertThat(t).endsWith("%")).first().isEqualTo("99%");
    }

    @Test
    void theAllowedBandStaysVisibleWhenTheValuesAreFarOutsideIt() throws Exception {
        // error-rate 20 against a maximum of 1: the axis holds both, the band is at the bottom, not clipped away.
        Element band = element(dom, "//*[@data-metric='error-rate']/*[@class='threshold-band']");
        double plotBottom = plotBottom(dom, "error-rate");
        assertThat(Double.parseDouble(band.getAttribute("height"))).isGreaterThanOrEqualTo(SvgCharts.MIN_BAND_HEIGHT);
        assertThat(Double.parseDouble(band.getAttribute("y")) + Double.parseDouble(band.getAttribute("height")))
                .isCloseTo(plotBottom, within(0.1));

        // 5000 against a maximum of 1 would be a fifth of a pixel: drawn at the minimum height, inside the plot.
        Document far = parse(TimelineReport.html(Simulation.fromYaml(Reports.REFERENCE)
                .run(Scenario.defaults().metric("error-rate", 0.5, 5000))));
        Element thin = element(far, "//*[@data-metric='error-rate']/*[@class='threshold-band']");
        assertThat(Double.parseDouble(thin.getAttribute("height"))).isEqualTo(SvgCharts.MIN_BAND_HEIGHT);
        assertThat(Double.parseDouble(thin.getAttribute("y")) + SvgCharts.MIN_BAND_HEIGHT)
                .isCloseTo(plotBottom(far, "error-rate"), within(0.1));
        assertThat(texts(far, "//*[@data-metric='error-rate']//*[contains(@class,'y-axis')]/*[@class='tick-label']"))
                .contains("0", "5000");
    }

    @Test
    void aBandFarAboveTheValuesIsOnTheAxisToo() {
        var checks = List.of(new CheckResult("request-success-rate", "q", 5.0, 99.0, null, Verdict.FAIL, "low"));

        ValueAxis axis = SvgCharts.valueAxis(checks, Band.of(checks));

        assertThat(axis.min()).isLessThanOrEqualTo(5);
        assertThat(axis.max()).isGreaterThanOrEqualTo(99);
    }

    @Test
    void theLegendNamesWhatEachChartDraws() throws Exception {
        assertThat(legend(dom, "//*[contains(@class,'weight-chart')]"))
                .containsExactly("canary-weight", "failed-check", "phase-change");
        assertThat(legend(dom, "//*[@data-metric='error-rate']"))
                .containsExactly("series", "threshold-band", "pass", "failed-check", "phase-change");
        assertThat(texts("//*[@data-metric='error-rate']//*[@data-item='threshold-band']/*[local-name()='text']"))
                .containsExactly("allowed ≤ 1");

        Document promoted = parse(TimelineReport.html(Reports.promotion()));
        assertThat(legend(promoted, "//*[contains(@class,'weight-chart')]")).containsExactly("canary-weight", "phase-change");

        Document gaps = parse(TimelineReport.html(Simulation.fromYaml(Reports.REFERENCE).run(Scenario.defaults()
                .metric("request-duration", MetricAnswer.of(100), MetricAnswer.NO_DATA, MetricAnswer.ERROR, MetricAnswer.of(100)))));
        assertThat(legend(gaps, "//*[@data-metric='request-duration']")).contains("no-data", "error");
        assertThat(count(gaps, "//*[@data-metric='request-duration']//*[contains(@class,'point') and contains(@class,'no-data')]"))
                .isEqualTo(1);
    }

    @Test
    void phaseLabelsCloseInTimeDoNotOverlap() throws Exception {
        Document crowded = parse(TimelineReport.html(Reports.crowdedPhases()));
        NodeList labels = (NodeList) XPATH.evaluate("//*[contains(@class,'weight-chart')]//*[@class='phase-label']", crowded,
                XPathConstants.NODESET);
        List<LabelBox> boxes = new ArrayList<>();
        for (int i = 0; i < labels.getLength(); i++) {
            Element label = (Element) labels.item(i);
            String[] box = label.getAttribute("data-box").split(" ");
            boxes.add(new LabelBox(label.getTextContent(), Double.parseDouble(box[0]), Double.parseDouble(box[1]),
                    Double.parseDouble(box[2]), Double.parseDouble(box[3])));
        }

        assertThat(boxes).extracting(LabelBox::text)
                .containsExactly("Progressing", "WaitingPromotion", "Promoting", "Finalising", "Succeeded");
        ChartGeometryTest.assertNoOverlappingBoxes(boxes);
        assertThat(boxes).allSatisfy(b -> {
            assertThat(b.y()).as("inside the chart").isGreaterThanOrEqualTo(0);
            assertThat(b.right()).isLessThanOrEqualTo(Plot.WIDTH);
        });
    }

    @Test
    void writingCreatesTheMissingParentDirectories(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("target/x/y/report.html");

        TimelineReport.write(timeline, file);

        assertThat(file).content(StandardCharsets.UTF_8).startsWith("<!DOCTYPE html>");
    }

    @Test
    void escapesText() {
        assertThat(Xml.text("a<b & \"c\"")).isEqualTo("a&lt;b &amp; &quot;c&quot;");
    }

    private static Document parse(String markup) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(markup)));
    }

    private static List<Element> charts(Document doc) throws Exception {
        NodeList charts = (NodeList) XPATH.evaluate("//*[local-name()='svg' and contains(@class,'chart')]", doc, XPathConstants.NODESET);
        List<Element> all = new ArrayList<>();
        for (int i = 0; i < charts.getLength(); i++) {
            all.add((Element) charts.item(i));
        }
        return all;
    }

    private static Element element(Document doc, String xpath) throws Exception {
        return (Element) XPATH.evaluate(xpath, doc, XPathConstants.NODE);
    }

    /** The plot's bottom edge: where the x axis line is drawn. */
    private static double plotBottom(Document doc, String metric) throws Exception {
        return Double.parseDouble(XPATH.evaluate("//*[@data-metric='" + metric + "']//*[contains(@class,'x-axis')]/*[local-name()='line'][1]/@y1", doc));
    }

    private static List<String> legend(Document doc, String chart) throws Exception {
        NodeList items = (NodeList) XPATH.evaluate(chart + "//*[@class='legend-item']", doc, XPathConstants.NODESET);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < items.getLength(); i++) {
            kinds.add(((Element) items.item(i)).getAttribute("data-item"));
        }
        return kinds;
    }

    private static List<String> texts(String xpath) throws Exception {
        return texts(dom, xpath);
    }

    private static List<String> texts(Document doc, String xpath) throws Exception {
        NodeList found = (NodeList) XPATH.evaluate(xpath, doc, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < found.getLength(); i++) {
            texts.add(found.item(i).getTextContent());
        }
        return texts;
    }

    private static int count(Document doc, String xpath) throws Exception {
        return ((NodeList) XPATH.evaluate(xpath, doc, XPathConstants.NODESET)).getLength();
    }

    private static NodeList nodes(String xpath) throws Exception {
        return (NodeList) XPATH.evaluate(xpath, dom, XPathConstants.NODESET);
    }

    private static int count(String xpath) throws Exception {
        return nodes(xpath).getLength();
    }

    private static int count(Element context, String xpath) throws Exception {
        return ((NodeList) XPATH.evaluate(xpath, context, XPathConstants.NODESET)).getLength();
    }

    @Test
    void chartsAloneAreTheReportsSvgElementsWithoutTheDocument() throws IOException {
        Timeline rollback = Reports.rollback();

        String charts = TimelineReport.charts(rollback);

        assertThat(charts).startsWith("<svg").doesNotContain("<html", "<h2", "<table");
        assertThat(charts.split("<svg ", -1)).hasSize(1 + 1 + rollback.metricNames().size());
        assertThat(TimelineReport.html(rollback)).contains(charts.substring(0, charts.indexOf("</svg>")));
        assertThat(TimelineReport.charts(new Timeline(rollback.canary(), List.of()))).isEmpty();
    }
}
