package io.canarykit.testkit.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryResource;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.webhook.JdkWebhookClient;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.InMemoryCanaryStore;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.http.SelfSignedTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A faulty pre-rollout hook seen through the real engine: the tick ends within the hook's timeout,
 * traffic does not move, and the warning event names the hook and the cause. Timings are printed
 * ({@code webhook-event ...}) for RELIABILITY.md.
 */
class WebhookFaultEventsTest {

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static HttpServer http;
    private static HttpsServer https;
    private static ServerSocket resetting;

    @BeforeAll
    static void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/hang", exchange -> {
            try {
                RELEASE.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        http.createContext("/unavailable", exchange -> {
            byte[] body = "load tester overloaded".getBytes();
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.createContext("/loop", exchange -> {
            exchange.getResponseHeaders().set("Location", "/loop");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        http.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(403, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1600; i++) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // The client read its cap and hung up.
            }
        });
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.start();
        https = SelfSignedTls.server(exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!resetting.isClosed()) {
                try (Socket socket = resetting.accept()) {
                    socket.getInputStream().read(new byte[256]);
                    socket.setSoLinger(true, 0);
                } catch (IOException e) {
                    return;
                }
            }
        }, "resetting-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stop() throws IOException {
        RELEASE.countDown();
        http.stop(0);
        https.stop(0);
        resetting.close();
    }

    private static String url(String where) {
        return switch (where) {
            case "reset" -> "http://127.0.0.1:" + resetting.getLocalPort() + "/";
            case "tls" -> "https://127.0.0.1:" + https.getAddress().getPort() + "/";
            case "metadata" -> "http://169.254.169.254/latest/meta-data/";
            default -> "http://127.0.0.1:" + http.getAddress().getPort() + "/" + where;
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "hang, HttpTimeoutException: request timed out after 500 ms",
            "unavailable, load tester overloaded",
            "reset, IOException",
            "loop, redirected more than 5 times",
            "big, xxxxxxxx",
            "tls, TLS verification failed",
            "metadata, is a cloud metadata service address"})
    void aFaultyHookHaltsAdvancementWithAnEventNamingTheHookAndTheCause(String fault, String cause) {
        String hookName = "gate-" + fault;
        List<CanaryResource> resources = ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web, namespace: prod}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  service: {port: 80}
                  analysis:
                    interval: 1m
                    threshold: 5
                    maxWeight: 50
                    stepWeight: 25
                    webhooks:
                      - {name: %s, type: pre-rollout, url: "%s", timeout: 500ms}
                """.formatted(hookName, url(fault)), "test").resourcesOrThrow();
        Canary canary = (Canary) resources.get(0);
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        FakeTargetController workload = new FakeTargetController();
        RecordingTrafficRouter router = new RecordingTrafficRouter();
        CanaryEngine engine = CanaryEngine.builder().clock(clock).targetController(workload).trafficRouter(router)
                .webhookClient(JdkWebhookClient.builder().addressPolicy(AddressPolicy.STRICT).build())
                .store(new InMemoryCanaryStore().applyAll(resources)).build();
        canary = engine.tick(canary).canary();
        workload.shipRevision("v2");

        TickResult result = null;
        long slowest = 0;
        for (int i = 0; i < 3; i++) {
            clock.add(Duration.ofMinutes(1));
            long start = System.nanoTime();
            result = engine.tick(canary);
            slowest = Math.max(slowest, System.nanoTime() - start);
            canary = result.canary();
        }

        List<String> warnings = result.events().stream().map(CanaryEvent::message).toList();
        System.out.printf("webhook-event %s: slowest tick %d ms; event: %s%n", fault, slowest / 1_000_000,
                warnings.isEmpty() ? "-" : warnings.get(warnings.size() - 1).substring(0, Math.min(200, warnings.get(warnings.size() - 1).length())));
        assertThat(warnings).anySatisfy(message -> assertThat(message).contains(hookName).contains(cause));
        assertThat(router.canaryWeights()).allSatisfy(weight -> assertThat(weight).isZero());
        assertThat(canary.status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
        // The hook's timeout (500 ms) bounds a tick, plus slack for a loaded machine.
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(2500));
    }
}
