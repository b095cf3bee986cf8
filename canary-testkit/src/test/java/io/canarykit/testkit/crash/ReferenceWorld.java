package io.canarykit.testkit.crash;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanaryMetric;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.model.MetricTemplateSpec;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.model.ThresholdRange;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingEventSink;
import io.canarykit.testkit.RecordingNotifier;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.ScriptedWebhookClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that outlives a controller crash: the API server (the store), the cluster (router and
 * workload), Prometheus, the webhooks, the event and alert sinks, and time. The reference canary
 * (interval 1m, threshold 3, stepWeight 10, maxWeight 50, an error-rate template, the builtin
 * request duration and a load-test hook) lives in the store.
 *
 * <p>Prometheus answers by time, as a real one does, not by how often it was asked: a controller
 * that repeats a query after a restart gets the same answer for the same instant.
 */
final class ReferenceWorld {

    static final String NAMESPACE = "prod";
    static final String NAME = "web";
    static final String ERROR_RATE = "error_rate{target=\"web\"}";
    static final String DURATION = "p99_seconds{target=\"web\"}";
    static final BuiltinMetrics BUILTINS = (metric, provider, kind) -> "request-duration".equals(metric)
            ? Optional.of(new BuiltinQuery("test", "p99_seconds{target=\"{{ target }}\"}", 1000)) : Optional.empty();

    final MutableClock clock = MutableClock.atEpochOfTests();
    final InMemoryCanaryStore store = new InMemoryCanaryStore();
    final RecordingTrafficRouter recordingRouter = new RecordingTrafficRouter();
    /** When each split was applied, as the mesh would log it. */
    final List<TimedRoutes> applied = new ArrayList<>();
    final TrafficRouter router = new TrafficRouter() {
        @Override
        public void reconcile(Canary canary) {
            recordingRouter.reconcile(canary);
        }

        @Override
        public Routes routes(Canary canary) {
            return recordingRouter.routes(canary);
        }

        @Override
        public void setRoutes(Canary canary, Routes routes) {
            recordingRouter.setRoutes(canary, routes);
            applied.add(new TimedRoutes(clock.instant(), routes));
        }

        @Override
        public void revert(Canary canary) {
            recordingRouter.revert(canary);
        }
    };
    final FakeTargetController target = new FakeTargetController();
    final ScriptedWebhookClient webhooks = new ScriptedWebhookClient();
    final RecordingEventSink events = new RecordingEventSink();
    final RecordingNotifier notifier = new RecordingNotifier();
    final MetricProvider prometheus;

    /** A world whose canary's error rate is 0.5% until {@code errorsFrom}, then 20%. */
    ReferenceWorld(Instant errorsFrom) {
        store.apply(canary(), MetricTemplate.of(ObjectMeta.of(NAMESPACE, "error-rate"), new MetricTemplateSpec(
                MetricTemplateProvider.prometheus("http://prometheus.monitoring:9090"), "error_rate{target=\"{{ target }}\"}")));
        prometheus = new MetricProvider() {
            @Override
            public String type() {
                return "prometheus";
            }

            @Override
            public MetricResult query(MetricQuery query) {
                if (query.query().equals(DURATION)) {
                    return MetricResult.value(0.21);
                }
                if (query.query().equals(ERROR_RATE)) {
                    return MetricResult.value(clock.instant().isBefore(errorsFrom) ? 0.5 : 20);
                }
                return MetricResult.noData("no series for " + query.query());
            }

            @Override
            public Availability isOnline(MetricSource source) {
                return Availability.ONLINE;
            }
        };
    }

    /** A split and when it was applied. */
    record TimedRoutes(Instant at, Routes routes) {
    }

    private static Canary canary() {
        CanaryAnalysis analysis = new CanaryAnalysis("1m", null, null, null, 50, 10, List.of(), null, 3, null, null, List.of(),
                List.of(CanaryMetric.template("error-rate", "error-rate", ThresholdRange.max(1)),
                        new CanaryMetric("request-duration", "1m", null, ThresholdRange.max(500), null, null, Map.of())),
                List.of(new CanaryWebhook("rollout", "load-test", "http://flagger-loadtester.prod/", null, "15s",
                        Map.of("cmd", "hey -z 1m -q 10 -c 2 http://web-canary.prod:80/"), null, null)),
                List.of(), null, null);
        CanarySpec spec = new CanarySpec(null, null, new LocalObjectReference("apps/v1", "Deployment", NAME), null, null, null,
                null, CanaryService.ofPort(80), analysis, null, null, null, null, null);
        return Canary.of(ObjectMeta.of(NAMESPACE, NAME), spec);
    }
}
