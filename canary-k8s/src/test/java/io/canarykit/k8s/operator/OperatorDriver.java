package io.canarykit.k8s.operator;

import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.core.engine.MetricProviderRegistry;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.scheduler.CanaryKey;
import io.canarykit.core.scheduler.TickListener;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.KubernetesCaches;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a real {@link CanaryOperator} against the CRUD mock on virtual time: {@link #tick} plays the
 * Deployment controller, waits (Awaitility) until the informers hold what the API server holds,
 * then advances the manual timer by one interval and waits for the tick; it returns the requests
 * the operator sent during that tick.
 */
final class OperatorDriver implements AutoCloseable {

    static final CanaryKey PODINFO = new CanaryKey(OperatorFixtures.NS, "podinfo");
    static final Duration INTERVAL = Duration.ofSeconds(10);

    private final KubernetesCrudHarness k8s;
    private final KubernetesClient client;
    final MutableClock clock;
    final ManualTickTimer timer = new ManualTickTimer();
    final List<TickResult> ticks = Collections.synchronizedList(new ArrayList<>());
    final List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
    final List<Long> tickNanos = Collections.synchronizedList(new ArrayList<>());
    final List<RequestCounts> requests = new ArrayList<>();
    CanaryOperator operator;

    OperatorDriver(KubernetesCrudHarness k8s, MutableClock clock, MetricProvider metrics, Consumer<CanaryOperator.Builder> options) {
        this(k8s, k8s.client(), clock, metrics, options);
    }

    /** An operator on {@code operatorClient} (e.g. a client of the test's own); the driver itself reads with the harness' client. */
    OperatorDriver(KubernetesCrudHarness k8s, KubernetesClient operatorClient, MutableClock clock, MetricProvider metrics,
            Consumer<CanaryOperator.Builder> options) {
        this.k8s = k8s;
        this.client = k8s.client();
        this.clock = clock;
        CanaryOperator.Builder builder = CanaryOperator.builder(operatorClient).namespaces(OperatorFixtures.NS).clock(clock).timer(timer)
                .metricProviders(MetricProviderRegistry.of(metrics)).webhookClient(WebhookClient.APPROVE_ALL)
                .tickListener(new TickListener() {
                    @Override
                    public void onTick(CanaryKey key, TickResult result) {
                        tickNanos.add(System.nanoTime());
                        ticks.add(result);
                    }

                    @Override
                    public void onError(CanaryKey key, Exception error) {
                        errors.add(error);
                    }
                });
        options.accept(builder);
        this.operator = builder.build();
    }

    /** Starts the operator and waits for its first tick of podinfo (run at once when the canary is seen). */
    OperatorDriver start() throws InterruptedException {
        int before = ticks.size();
        operator.start();
        await().until(operator::isReady);
        await().until(() -> ticks.size() > before);
        operator.awaitIdle(Duration.ofSeconds(10));
        return this;
    }

    /** Plays the Deployment controller, syncs the caches, advances one interval and runs the tick. */
    RequestCounts tick() throws InterruptedException {
        OperatorFixtures.markReady(client, "podinfo");
        OperatorFixtures.markReady(client, "podinfo-primary");
        awaitCachesInSync();
        k8s.requests().clear();
        int before = ticks.size();
        clock.add(INTERVAL);
        timer.advance(INTERVAL);
        operator.awaitIdle(Duration.ofSeconds(10));
        RequestCounts counts = k8s.requests().drain().withoutWatches();
        if (ticks.size() == before) {
            throw new AssertionError("no tick ran when the interval elapsed");
        }
        requests.add(counts);
        return counts;
    }

    /** Ticks until the phase is {@code wanted} or {@code max} ticks ran. */
    CanaryStatus tickUntil(CanaryPhase wanted, int max) throws InterruptedException {
        for (int i = 0; i < max && !last().isIn(wanted); i++) {
            tick();
        }
        return last();
    }

    CanaryStatus last() {
        return ticks.get(ticks.size() - 1).status();
    }

    /** The informers hold the API server's current resourceVersion of every object a tick reads. */
    void awaitCachesInSync() {
        KubernetesCaches caches = operator.caches().orElseThrow();
        String ns = OperatorFixtures.NS;
        await().until(() -> same(caches.deployments().get(ns, "podinfo"), client.apps().deployments().inNamespace(ns).withName("podinfo").get())
                && same(caches.deployments().get(ns, "podinfo-primary"), client.apps().deployments().inNamespace(ns).withName("podinfo-primary").get())
                && same(caches.services().get(ns, "podinfo"), client.services().inNamespace(ns).withName("podinfo").get())
                && same(caches.canaries().get(ns, "podinfo"),
                        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(ns).withName("podinfo").get()));
    }

    private static boolean same(Optional<? extends HasMetadata> cached, HasMetadata server) {
        if (server == null) {
            return cached.isEmpty();
        }
        return cached.map(c -> Objects.equals(c.getMetadata().getResourceVersion(), server.getMetadata().getResourceVersion()))
                .orElse(false);
    }

    @Override
    public void close() {
        operator.close();
    }
}
