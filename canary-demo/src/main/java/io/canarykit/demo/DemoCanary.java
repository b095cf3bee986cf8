package io.canarykit.demo;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.GoDuration;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.SequentialTest;
import io.canarykit.core.manifest.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The product's reference canary ({@code examples/manifests/web.yaml}, packaged into the jar at
 * build time) and the demo's copy of it. The copy changes only what a local run must: the analysis
 * and metric intervals (one minute is too long for a demo), and the load-test hook's URL, timeout
 * and {@code hey} command, which point at the loopback loadtester and router instead of
 * {@code flagger-loadtester.prod} and {@code web-canary.prod}.
 */
public record DemoCanary(Canary canary, List<MetricTemplate> templates) {

    static final String RESOURCE = "web.yaml";
    /** The sequential test's metric name in {@code --sequential} runs. */
    static final String SEQUENTIAL_METRIC = "error-sprt";
    /** Requests per second per worker and workers of each load run: 100 requests per second in all. */
    static final int RATE_PER_WORKER = 50;
    static final int WORKERS = 2;

    public DemoCanary {
        Objects.requireNonNull(canary, "canary");
        templates = List.copyOf(templates);
    }

    /** The reference Canary and MetricTemplates, as shipped. */
    public static DemoCanary reference() {
        try (InputStream in = DemoCanary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the reference manifest " + RESOURCE + " is missing from the jar");
            }
            List<CanaryResource> resources = ManifestReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE)
                    .resourcesOrThrow();
            Canary canary = resources.stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException(RESOURCE + " holds no Canary"));
            List<MetricTemplate> templates = resources.stream().filter(MetricTemplate.class::isInstance)
                    .map(MetricTemplate.class::cast).toList();
            return new DemoCanary(canary, templates);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference manifest " + RESOURCE, e);
        }
    }

    /**
     * The copy the demo runs: ticks every {@code interval}, metrics over {@code metricWindow}, each
     * load-test call runs {@code hey} against {@code router} for one interval.
     */
    public DemoCanary forDemo(Duration interval, Duration metricWindow, URI loadtester, URI router) {
        CanaryAnalysis a = canary.analysis();
        String metricInterval = GoDuration.format(metricWindow);
        List<CanaryMetric> metrics = a.metrics().stream()
                .map(m -> new CanaryMetric(m.name(), metricInterval, m.threshold(), m.thresholdRange(), m.query(), m.templateRef(),
                        m.templateVariables()))
                .toList();
        String hey = "hey -z " + GoDuration.format(interval) + " -q " + RATE_PER_WORKER + " -c " + WORKERS + " " + router;
        // The hook answers when its run is over, one interval later: leave it time to.
        String timeout = GoDuration.format(interval.plusSeconds(10));
        List<CanaryWebhook> webhooks = a.webhooks().stream()
                .map(h -> new CanaryWebhook(h.type(), h.name(), loadtester.toString(), h.muteAlert(), timeout,
                        h.metadata().containsKey("cmd") ? withCmd(h.metadata(), hey) : h.metadata(), h.retries(), h.disableTLS()))
                .toList();
        CanaryAnalysis analysis = new CanaryAnalysis(GoDuration.format(interval), a.iterations(), a.mirror(), a.mirrorWeight(),
                a.maxWeight(), a.stepWeight(), a.stepWeights(), a.stepWeightPromotion(), a.threshold(), a.primaryReadyThreshold(),
                a.canaryReadyThreshold(), a.alerts(), metrics, webhooks, a.match(), a.sessionAffinity(), a.thresholdMode());
        CanarySpec s = canary.spec();
        CanarySpec spec = new CanarySpec(s.provider(), s.metricsServer(), s.targetRef(), s.autoscalerRef(), s.ingressRef(),
                s.routeRef(), s.upstreamRef(), s.service(), analysis, null, s.progressDeadlineSeconds(), s.skipAnalysis(),
                s.revertOnDeletion(), s.suspend());
        return new DemoCanary(canary.withSpec(spec), templates);
    }

    /**
     * The same demo with CanaryKit's sequential error-rate test added: Wald's SPRT on the canary's
     * request and error counts since it got traffic, H0 1% vs H1 5%, α 1%, power 95%, every second.
     * The load-test hook goes: it holds each analysis tick for a whole interval, which would leave no
     * room for the checks between analyses; steady background load replaces it.
     */
    public DemoCanary withSequentialTest() {
        CanaryAnalysis a = canary.analysis();
        List<CanaryMetric> metrics = new java.util.ArrayList<>(a.metrics());
        metrics.add(CanaryMetric.sequential(SEQUENTIAL_METRIC, new SequentialTest(
                "demo_requests_total{pod=~\"{{ target }}-.*\"}", "demo_requests_total{pod=~\"{{ target }}-.*\",status=~\"5..\"}",
                null, null, 1.0, 5.0, 0.01, 0.95, "1s", null)));
        CanaryAnalysis analysis = new CanaryAnalysis(a.interval(), a.iterations(), a.mirror(), a.mirrorWeight(), a.maxWeight(),
                a.stepWeight(), a.stepWeights(), a.stepWeightPromotion(), a.threshold(), a.primaryReadyThreshold(),
                a.canaryReadyThreshold(), a.alerts(), metrics, List.of(), a.match(), a.sessionAffinity(), a.thresholdMode());
        CanarySpec s = canary.spec();
        return new DemoCanary(canary.withSpec(new CanarySpec(s.provider(), s.metricsServer(), s.targetRef(), s.autoscalerRef(),
                s.ingressRef(), s.routeRef(), s.upstreamRef(), s.service(), analysis, null, s.progressDeadlineSeconds(),
                s.skipAnalysis(), s.revertOnDeletion(), s.suspend())), templates);
    }

    /** The same demo with every MetricTemplate querying {@code address}, as {@code check-metrics --address} does. */
    public DemoCanary withMetricsAddress(String address) {
        return new DemoCanary(canary, templates.stream().map(t -> t.withAddress(address)).toList());
    }

    private static Map<String, String> withCmd(Map<String, String> metadata, String cmd) {
        java.util.Map<String, String> copy = new java.util.LinkedHashMap<>(metadata);
        copy.put("cmd", cmd);
        return copy;
    }
}
