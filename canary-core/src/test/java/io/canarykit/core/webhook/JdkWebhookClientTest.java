package io.canarykit.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook client against a real HTTP server on loopback. */
class JdkWebhookClientTest {

    private static final WebhookPayload PAYLOAD = new WebhookPayload("web", "prod", "Progressing", "0123456789abcdef",
            Map.of("cmd", "hey -z 1m http://web-canary.prod/"));

    private final JdkWebhookClient client = JdkWebhookClient.builder().backoff(Duration.ZERO).build();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile IntSupplier status = () -> 200;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::answer);
        server.createContext("/hang", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
        int code = status.getAsInt();
        byte[] body = ("answered " + code).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private CanaryWebhook hook(String path, String timeout, Integer retries) {
        return new CanaryWebhook("rollout", "load-test", "http://127.0.0.1:" + server.getAddress().getPort() + path, null,
                timeout, Map.of(), retries, null);
    }

    @Test
    void callsReuseThreadsInsteadOfStartingOnePerCall() {
        CanaryWebhook hook = hook("/hook", "5s", 0);
        assertThat(client.call(hook, PAYLOAD).isSuccess()).isTrue();
        long startedBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        for (int i = 0; i < 30; i++) {
            assertThat(client.call(hook, PAYLOAD).isSuccess()).isTrue();
        }

        // The JDK's sendAsync started a thread per call on a JVM seeing fewer than 3 processors (as here, on CI).
        assertThat(ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - startedBefore)
                .as("threads started by 30 calls, the server's included").isLessThan(5);
    }

    @Test
    void postsFlaggersPayloadAsJson() {
        WebhookResult result = client.call(hook("/hook", null, null), PAYLOAD);

        assertThat(result.isSuccess()).isTrue();
        assertThat(contentTypes).containsExactly("application/json");
        assertThat(bodies).containsExactly("{\"name\":\"web\",\"namespace\":\"prod\",\"phase\":\"Progressing\","
                + "\"checksum\":\"0123456789abcdef\",\"metadata\":{\"cmd\":\"hey -z 1m http://web-canary.prod/\"}}");
    }

    @ParameterizedTest(name = "HTTP {0} → success {1}")
    @CsvSource({"200,true", "201,true", "202,true", "203,false", "404,false", "500,false"})
    void onlyTwoHundredToTwoHundredTwoApprove(int code, boolean success) {
        status = () -> code;

        WebhookResult result = client.call(hook("/hook", null, null), PAYLOAD);

        assertThat(result.isSuccess()).isEqualTo(success);
        assertThat(result).isInstanceOfSatisfying(WebhookResult.Answered.class, a -> assertThat(a.status()).isEqualTo(code));
        if (!success) {
            assertThat(result.message()).isEqualTo("answered " + code);
        }
        assertThat(calls).hasValue(1);
    }

    @Test
    void retriesAServerErrorThenSucceeds() {
        status = () -> calls.get() == 1 ? 500 : 200;

        WebhookResult result = client.call(hook("/hook", null, 1), PAYLOAD);

        assertThat(result.isSuccess()).isTrue();
        assertThat(calls).hasValue(2);
    }

    @Test
    void retriesTooManyRequestsButNotClientErrorsOrNotImplemented() {
        status = () -> 429;
        assertThat(client.call(hook("/hook", null, 2), PAYLOAD).isSuccess()).isFalse();
        assertThat(calls).hasValue(3);

        calls.set(0);
        status = () -> 403;
        client.call(hook("/hook", null, 2), PAYLOAD);
        assertThat(calls).hasValue(1);

        calls.set(0);
        status = () -> 501;
        client.call(hook("/hook", null, 2), PAYLOAD);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aHookThatDoesNotAnswerInTimeFails() {
        WebhookResult result = client.call(hook("/hang", "300ms", null), PAYLOAD);

        assertThat(result).isInstanceOf(WebhookResult.Unreachable.class);
        assertThat(result.message()).contains("HttpTimeoutException");
    }

    @Test
    void aRefusedConnectionIsRetriedThenReported() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        CanaryWebhook refused = new CanaryWebhook("rollout", "gone", "http://127.0.0.1:" + closedPort + "/", null, "2s", Map.of(),
                2, null);

        WebhookResult result = client.call(refused, PAYLOAD);

        assertThat(result).isInstanceOf(WebhookResult.Unreachable.class);
        assertThat(result.message()).startsWith("giving up after 3 attempt(s): ").contains("ConnectException");
    }

    @Test
    void anInvalidUrlIsReportedNotThrown() {
        CanaryWebhook bad = new CanaryWebhook("rollout", "bad", "http://exa mple/", null, null, Map.of(), null, null);

        assertThat(client.call(bad, PAYLOAD).message()).startsWith("invalid webhook url");
    }

    @Test
    void anInvalidUrlIsReportedWithoutItsUserInformationOrQuery() {
        CanaryWebhook bad = new CanaryWebhook("rollout", "bad", "http://bot:hunter2@exa mple/hook?token=s3cret", null, null,
                Map.of(), null, null);

        String message = client.call(bad, PAYLOAD).message();

        assertThat(message).startsWith("invalid webhook url \"http://exa mple/hook\"").doesNotContain("hunter2", "s3cret");
    }

    @Test
    void escapesJsonStrings() {
        WebhookPayload tricky = new WebhookPayload("a\"b", "ns\\x", "Progressing", "c", Map.of("k", "line1\nline2\t\u0001"));

        assertThat(WebhookJson.toJson(tricky)).isEqualTo("{\"name\":\"a\\\"b\",\"namespace\":\"ns\\\\x\",\"phase\":\"Progressing\","
                + "\"checksum\":\"c\",\"metadata\":{\"k\":\"line1\\nline2\\t\\u0001\"}}");
    }
}
