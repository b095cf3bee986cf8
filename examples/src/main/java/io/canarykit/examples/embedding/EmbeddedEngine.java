package io.canarykit.examples.embedding;

// The README's "Embed the engine" snippet, quoted verbatim between the tag comments
// (README.md is checked against this file by ReadmeSnippetsTest).
// tag::embed-engine[]
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.webhook.JdkWebhookClient;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import io.canarykit.prometheus.PrometheusMetricProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class EmbeddedEngine {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedEngine.class);

    private EmbeddedEngine() {
    }

    /** The engine on your traffic router (HTTPRoute, proxy, load balancer...) and your workload. */
    public static CanaryEngine create(Clock clock, TrafficRouter router, TargetController target, CanaryStore store) {
        return CanaryEngine.builder()
                .clock(clock)                              // Clock.systemUTC() in production
                .trafficRouter(router)
                .targetController(target)                  // the workload and its primary copy
                .metricProviders(MetricProviderRegistry.of(PrometheusMetricProvider.ofDefaults()))
                .builtinMetrics(new PrometheusBuiltinMetrics())
                .store(store)                              // where MetricTemplates are looked up
                .webhookClient(JdkWebhookClient.ofDefaults())
                .eventSink(event -> LOG.info("{}", event.message()))
                .build();
    }

    /** The Canary of a manifest file (which may hold MetricTemplates too). */
    public static Canary readCanary(Path manifest) throws IOException {
        return ManifestReader.read(manifest).resourcesOrThrow().stream()
                .filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
    }

    /** One tick of {@code canary} (with the status saved after the previous tick); returns when the next is due. */
    public static Duration tick(CanaryEngine engine, Canary canary, Consumer<Canary> save) {
        TickResult result = engine.tick(canary);       // never throws for backend failures or analysis outcomes
        if (result.statusChanged()) {
            save.accept(result.canary());              // persist it anywhere: its status is all the state
        }
        return result.rescheduleAfter();               // the engine never sleeps: you (or CanaryScheduler) wait
    }
}
// end::embed-engine[]
