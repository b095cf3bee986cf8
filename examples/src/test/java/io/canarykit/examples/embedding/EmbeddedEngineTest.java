package io.canarykit.examples.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's "Embed the engine" code ({@link EmbeddedEngine}) with its real Prometheus provider
 * and webhook client against a stand-in Prometheus and load tester on 127.0.0.1, on a virtual clock.
 */
class EmbeddedEngineTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final RecordingTrafficRouter router = new RecordingTrafficRouter();
    private final FakeTargetController target = new FakeTargetController();
    private final List<String> queries = new ArrayList<>();
    private final List<String> hookCalls = new ArrayList<>();
    private volatile String errorRate = "0.2";
    private HttpServer backends;

    @BeforeEach
    void startPrometheusAndLoadTester() throws IOException {
        backends = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backends.createContext("/api/v1/query", this::answerQuery);
        backends.createContext("/hook", exchange -> {
            hookCalls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 200, "{}");
        });
        backends.start();
    }

    @AfterEach
    void stop() {
        backends.stop(0);
    }

    @Test
    void aHealthyReleaseIsPromotedByTheEngineBuiltAsTheReadmeShows() throws IOException {
        Path manifest = referenceCanaryOnLoopback();
        CanaryEngine engine = EmbeddedEngine.create(clock, router, target,
                new InMemoryCanaryStore().applyAll(ManifestReader.read(manifest).resources()));
        AtomicReference<Canary> saved = new AtomicReference<>(EmbeddedEngine.readCanary(manifest));

        tick(engine, saved);
        assertThat(saved.get().status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        target.shipRevision("v2");
        runUntilDone(engine, saved);

        assertThat(saved.get().status().phase()).isEqualTo(CanaryPhase.SUCCEEDED);
        assertThat(router.canaryWeights()).containsExactly(10, 20, 30, 40, 50, 0);
        assertThat(target.primaryTemplate()).isEqualTo("v2");
        assertThat(queries).anyMatch(q -> q.contains("http_requests_total")).anyMatch(q -> q.contains("histogram_quantile"));
        assertThat(hookCalls).isNotEmpty().allMatch(body -> body.contains("\"name\":\"web\""));
    }

    @Test
    void aReleaseWithTooManyErrorsIsRolledBackAfterThreeFailedChecks() throws IOException {
        errorRate = "20";
        Path manifest = referenceCanaryOnLoopback();
        CanaryEngine engine = EmbeddedEngine.create(clock, router, target,
                new InMemoryCanaryStore().applyAll(ManifestReader.read(manifest).resources()));
        AtomicReference<Canary> saved = new AtomicReference<>(EmbeddedEngine.readCanary(manifest));

        tick(engine, saved);
        target.shipRevision("v2");
        runUntilDone(engine, saved);

        assertThat(saved.get().status().phase()).isEqualTo(CanaryPhase.FAILED);
        assertThat(router.canaryWeights()).containsExactly(10, 0);
        assertThat(target.primaryTemplate()).isEqualTo("v1");
    }

    /** The reference canary with its Prometheus, metrics server and load tester on 127.0.0.1. */
    private Path referenceCanaryOnLoopback() throws IOException {
        String base = "http://127.0.0.1:" + backends.getAddress().getPort();
        String yaml = Files.readString(Path.of("manifests", "web.yaml"))
                .replace("http://prometheus.monitoring:9090", base)
                .replace("http://flagger-loadtester.prod/", base + "/hook")
                .replace("  service:\n", "  metricsServer: " + base + "\n  service:\n");
        return Files.writeString(dir.resolve("web.yaml"), yaml);
    }

    private void runUntilDone(CanaryEngine engine, AtomicReference<Canary> saved) {
        for (int i = 0; i < 20 && !done(saved.get()); i++) {
            tick(engine, saved);
        }
    }

    private void tick(CanaryEngine engine, AtomicReference<Canary> saved) {
        Duration next = EmbeddedEngine.tick(engine, saved.get(), saved::set);
        clock.add(next);
    }

    private static boolean done(Canary canary) {
        return canary.status().phase() == CanaryPhase.SUCCEEDED || canary.status().phase() == CanaryPhase.FAILED;
    }

    private void answerQuery(HttpExchange exchange) throws IOException {
        String form = exchange.getRequestURI().getRawQuery() + "&"
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String query = URLDecoder.decode(form, StandardCharsets.UTF_8);
        queries.add(query);
        // vector(1) is the availability probe; the builtin request-duration is a P99 in seconds.
        String value = query.contains("vector(1)") ? "1" : query.contains("histogram_quantile") ? "0.2" : errorRate;
        respond(exchange, 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{},\"value\":[1767225600,\"" + value + "\"]}]}}");
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
