package io.canarykit.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook client against loopback servers that misbehave on purpose: every fault ends in a
 * bounded time with a result that names its cause, reads a bounded amount, and leaves no threads behind.
 * Timings are printed ({@code webhook-fault ...}) for RELIABILITY.md.
 */
class WebhookFaultsTest {

    private static final WebhookPayload PAYLOAD = new WebhookPayload("web", "prod", "Progressing", "c", Map.of());
    private static final Duration HOOK_TIMEOUT = Duration.ofMillis(500);
    /** Generous slack over the hook's timeout for a loaded 2-core machine; a hang would take far longer. */
    private static final Duration BOUND = HOOK_TIMEOUT.plusSeconds(2);
    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    private final JdkWebhookClient client = JdkWebhookClient.builder().backoff(Duration.ZERO).build();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicLong bigBodyBytesWritten = new AtomicLong();
    private final ExecutorService serverThreads = Executors.newCachedThreadPool(r -> new Thread(r, "test-server"));
    private HttpServer server;
    private ServerSocket resetting;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hang", exchange -> {
            await();
            exchange.close();
        });
        server.createContext("/trickle", exchange -> {
            // Headers at once, then one byte of body every 100 ms: a request timeout that stops at the headers never fires.
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                while (release.getCount() > 0) {
                    out.write('x');
                    out.flush();
                    if (release.await(100, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // The client hung up: what a bounded client does.
            }
        });
        server.createContext("/unavailable", exchange -> answer(exchange, 503, "overloaded"));
        server.createContext("/loop", exchange -> {
            exchange.getResponseHeaders().set("Location", "/loop");
            answer(exchange, 302, "");
        });
        server.createContext("/big", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            try (OutputStream out = exchange.getResponseBody()) {
                while (bigBodyBytesWritten.get() < HUNDRED_MB) {
                    out.write(chunk);
                    bigBodyBytesWritten.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // The client stopped reading and closed the connection.
            }
        });
        server.setExecutor(serverThreads);
        server.start();
        resetting = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::resetEveryConnection, "resetting-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
        resetting.close();
    }

    private void await() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** Reads the request's first bytes, then closes with SO_LINGER 0: the client sees a TCP reset. */
    private void resetEveryConnection() {
        while (!resetting.isClosed()) {
            try (Socket socket = resetting.accept()) {
                socket.getInputStream().read(new byte[256]);
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                return;
            }
        }
    }

    private CanaryWebhook hook(String name, String path, int retries) {
        return hook(name, path, retries, HOOK_TIMEOUT);
    }

    private CanaryWebhook hook(String name, String path, int retries, Duration timeout) {
        return new CanaryWebhook("pre-rollout", name, "http://127.0.0.1:" + server.getAddress().getPort() + path, null,
                timeout.toMillis() + "ms", Map.of(), retries, null);
    }

    private record Timed(WebhookResult result, Duration took) {
    }

    private Timed call(CanaryWebhook hook) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long start = System.nanoTime();
            WebhookResult result = client.call(hook, PAYLOAD);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("webhook-fault %s: %d ms -> %s%n", hook.name(), took.toMillis(), result);
            return new Timed(result, took);
        });
    }

    @Test
    void aHangingHookEndsAtItsTimeout() {
        Timed timed = call(hook("hang", "/hang", 0));

        assertThat(timed.result()).isInstanceOf(WebhookResult.Unreachable.class);
        assertThat(timed.result().message()).contains("timed out");
        assertThat(timed.took()).isLessThan(BOUND);
    }

    @Test
    void aBodyTrickledForeverEndsAtTheHooksTimeout() {
        Timed timed = call(hook("trickle", "/trickle", 0));

        assertThat(timed.result().isSuccess()).isFalse();
        assertThat(timed.result().message()).contains("timed out");
        assertThat(timed.took()).isLessThan(BOUND);
    }

    @Test
    void aConnectionResetIsReportedAsSuch() {
        CanaryWebhook hook = new CanaryWebhook("pre-rollout", "reset", "http://127.0.0.1:" + resetting.getLocalPort() + "/",
                null, HOOK_TIMEOUT.toMillis() + "ms", Map.of(), 2, null);

        Timed timed = call(hook);

        assertThat(timed.result()).isInstanceOf(WebhookResult.Unreachable.class);
        assertThat(timed.result().message()).startsWith("giving up after 3 attempt(s): ").containsIgnoringCase("IOException");
        assertThat(timed.took()).isLessThan(BOUND);
    }

    @Test
    void aServerErrorIsRetriedThenReportedWithItsStatusAndBody() {
        Timed timed = call(hook("unavailable", "/unavailable", 2));

        assertThat(timed.result()).isEqualTo(new WebhookResult.Answered(503, "overloaded"));
        assertThat(timed.took()).isLessThan(BOUND);
    }

    @Test
    void aRedirectLoopEndsQuicklyAndSaysSo() {
        Timed timed = call(hook("loop", "/loop", 0));

        assertThat(timed.result().isSuccess()).isFalse();
        assertThat(timed.result().message()).containsIgnoringCase("redirect");
        assertThat(timed.took()).isLessThan(BOUND);
    }

    @Test
    void aHundredMegabyteBodyIsCutOffNotReadIntoMemory() {
        Timed timed = call(hook("big", "/big", 0));

        assertThat(timed.result()).isInstanceOfSatisfying(WebhookResult.Answered.class, answered -> {
            assertThat(answered.status()).isEqualTo(200);
            assertThat(answered.body().length()).isLessThanOrEqualTo(1025);
        });
        System.out.printf("webhook-fault big: the server could write %d of %d bytes%n", bigBodyBytesWritten.get(), HUNDRED_MB);
        // The client stopped reading at its cap, so the server could not push the 100 MB (socket buffers hold a few MB).
        assertThat(bigBodyBytesWritten.get()).isLessThan(HUNDRED_MB / 4);
        assertThat(timed.took()).isLessThan(BOUND);
    }

    @Test
    void manyFaultyCallsLeaveNoThreadsBehind() throws InterruptedException {
        // Warm up once per fault so that the clients' own selector and worker threads exist before counting.
        for (String path : new String[] {"/hang", "/unavailable", "/loop", "/trickle"}) {
            client.call(hook("warm-up", path, 0), PAYLOAD);
        }
        int before = clientThreads();
        Duration shortTimeout = Duration.ofMillis(150);
        CanaryWebhook[] faulty = {
                hook("hang", "/hang", 0, shortTimeout), hook("unavailable", "/unavailable", 1), hook("loop", "/loop", 0),
                hook("trickle", "/trickle", 0, shortTimeout),
                new CanaryWebhook("pre-rollout", "reset", "http://127.0.0.1:" + resetting.getLocalPort() + "/", null, "500ms",
                        Map.of(), 0, null)};
        int calls = 0;
        long start = System.nanoTime();
        for (int round = 0; round < 10; round++) {
            for (CanaryWebhook hook : faulty) {
                assertThat(client.call(hook, PAYLOAD).isSuccess()).isFalse();
                calls++;
            }
        }
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        int after = clientThreads();
        System.out.printf("webhook-fault threads: %d faulty calls in %d ms, live threads %d before, %d after%n",
                calls, tookMillis, before, after);
        // Threads that would leak per call would add at least one per call; the client's pools may grow a little.
        assertThat(after - before).isLessThan(10);
    }

    /** Live threads that are not the test servers' own. */
    private static int clientThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !t.getName().equals("test-server") && !t.getName().equals("resetting-server"))
                .count();
    }
}
