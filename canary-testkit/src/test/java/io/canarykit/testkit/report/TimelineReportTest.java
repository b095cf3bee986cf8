package io.canarykit.testkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.testkit.simulation.Timeline;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
            assertThat(count(chart, ".//*[local-name()='circle' and contains(@class,'point')]"))
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
    void escapesText() {
        assertThat(Xml.text("a<b & \"c\"")).isEqualTo("a&lt;b &amp; &quot;c&quot;");
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
}
