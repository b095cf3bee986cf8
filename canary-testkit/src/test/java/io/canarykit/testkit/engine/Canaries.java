package io.canarykit.testkit.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.HttpMatchRequest;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateSpec;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.model.SessionAffinity;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.model.CanaryService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test canaries: the product's reference canary and variations of its analysis. */
final class Canaries {

    static final String ERROR_RATE_QUERY = "error_rate{target=\"web\"}";
    static final String DURATION_QUERY = "p99_seconds{target=\"web\"}";

    private Canaries() {
    }

    /** The reference MetricTemplate, with a query simple enough to script. */
    static MetricTemplate errorRateTemplate() {
        return MetricTemplate.of(ObjectMeta.of("prod", "error-rate"), new MetricTemplateSpec(
                MetricTemplateProvider.prometheus("http://prometheus.monitoring:9090"), "error_rate{target=\"{{ target }}\"}"));
    }

    /** The reference Canary: interval 1m, threshold 3, stepWeight 10, maxWeight 50, two metrics, a load-test hook. */
    static Analysis reference() {
        Analysis a = new Analysis();
        a.interval = "1m";
        a.threshold = 3;
        a.maxWeight = 50;
        a.stepWeight = 10;
        a.metrics.add(CanaryMetric.template("error-rate", "error-rate", ThresholdRange.max(1)));
        a.metrics.add(new CanaryMetric("request-duration", "1m", null, ThresholdRange.max(500), null, null, Map.of()));
        a.webhooks.add(new CanaryWebhook("rollout", "load-test", "http://flagger-loadtester.prod/", null, "15s",
                Map.of("cmd", "hey -z 1m -q 10 -c 2 http://web-canary.prod:80/"), null, null));
        return a;
    }

    /** A mutable analysis for building test variations. */
    static final class Analysis {
        String interval;
        Integer iterations;
        Boolean mirror;
        Integer maxWeight;
        Integer stepWeight;
        List<Integer> stepWeights = new ArrayList<>();
        Integer stepWeightPromotion;
        Integer threshold;
        String thresholdMode;
        List<CanaryMetric> metrics = new ArrayList<>();
        List<CanaryWebhook> webhooks = new ArrayList<>();
        List<HttpMatchRequest> match = new ArrayList<>();
        SessionAffinity sessionAffinity;
        String provider;
        Boolean skipAnalysis;
        Boolean suspend;

        Analysis hook(String type, String name) {
            webhooks.add(CanaryWebhook.of(io.canarykit.api.model.WireEnum.fromWire(io.canarykit.api.model.WebhookType.class, type)
                    .orElseThrow(), name, "http://hooks.test/" + name));
            return this;
        }

        Canary build() {
            CanaryAnalysis analysis = new CanaryAnalysis(interval, iterations, mirror, null, maxWeight, stepWeight, stepWeights,
                    stepWeightPromotion, threshold, null, null, List.of(), metrics, webhooks, match, sessionAffinity,
                    thresholdMode);
            CanarySpec spec = new CanarySpec(provider, null, new LocalObjectReference("apps/v1", "Deployment", "web"), null,
                    null, null, null, CanaryService.ofPort(80), analysis, null, null, skipAnalysis, null, suspend);
            return Canary.of(ObjectMeta.of("prod", "web"), spec);
        }
    }
}
