package io.canarykit.providers.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.testkit.http.SelfSignedTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Dns;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP metric provider (Datadog, New Relic, Graphite, InfluxDB, and Prometheus through the
 * same clients) refuses: metadata and link-local addresses, however reached; answers above the size
 * limit; and what it only warns about once: skipping TLS verification.
 */
class HttpBackendGuardsTest {

    private static final ResponseMapper MAPPER = answer -> HttpStatus.check("vendor", "stub", answer, Json.errorText(answer.body()))
            .orElseGet(() -> MetricResult.value(answer.body().length()));

    private static HttpProviderSettings.Builder strict() {
        return TestResilience.settings().addressPolicy(AddressPolicy.STRICT);
    }

    private static MetricResult get(HttpBackend backend, String url) {
        return backend.send(url, new Request.Builder().url(url).build(), false, MAPPER);
    }

    @Test
    void aMetadataAddressIsRefusedWithoutRetriesOrConnecting() {
        // An IP literal never reaches the Dns: the guarded socket refuses it before connecting.
        try (HttpBackend backend = new HttpBackend("vendor", strict().build())) {
            long start = System.nanoTime();
            MetricResult result = get(backend, "http://169.254.169.254/latest/meta-data/");

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message()).contains("refused").contains("169.254.169.254")
                        .contains(AddressPolicy.ENVIRONMENT_VARIABLE);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRedirectToTheMetadataServiceIsRefused() {
        try (StubBackend stub = new StubBackend(r -> new Reply(302, "", Map.of("Location", "http://169.254.169.254/latest/")));
             HttpBackend backend = new HttpBackend("vendor", strict().build())) {
            MetricResult result = get(backend, stub.url() + "/q");

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message()).contains("refused").contains("169.254.169.254");
            });
            assertThat(stub.received()).hasSize(1);
        }
    }

    @Test
    void aNameThatResolvesToALinkLocalAddressIsRefusedAtConnectTime() {
        Dns rebinding = host -> host.equals("metrics.example.com")
                ? List.of(InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, 1, 1}))
                : Dns.SYSTEM.lookup(host);
        OkHttpClient userClient = new OkHttpClient.Builder().dns(rebinding).build();
        try (HttpBackend backend = new HttpBackend("vendor", strict().okHttpClient(userClient).build())) {
            MetricResult result = get(backend, "http://metrics.example.com/api");

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message()).contains("metrics.example.com resolves to 169.254.1.1").contains("refused");
            });
        }
    }

    @Test
    void loopbackStaysAllowedAndTheOperatorMayAllowLinkLocal() {
        try (StubBackend stub = new StubBackend(r -> Reply.ok("12345"));
             HttpBackend backend = new HttpBackend("vendor", strict().build());
             HttpBackend allowing = new HttpBackend("vendor", TestResilience.settings()
                     .addressPolicy(AddressPolicy.fromEnvironment(Map.of(AddressPolicy.ENVIRONMENT_VARIABLE, "true")))
                     .timeout(Duration.ofMillis(200)).retryRegistry(TestResilience.retriesWithoutWait(1)).build())) {
            assertThat(get(backend, stub.url() + "/q")).isEqualTo(MetricResult.value(5));
            // Allowed: the call is made, not refused; fe80::1 without a zone has no route, so it fails at once
            // (no test ever talks to a real metadata service).
            assertThat(get(allowing, "http://[fe80::1]/latest/").toString()).doesNotContain("refused");
            assertThat(get(backend, "http://[fe80::1]/latest/").toString()).contains("refused");
        }
    }

    @Test
    void anAnswerAboveTheDeclaredSizeLimitIsRefusedNotRead() {
        try (StubBackend stub = new StubBackend(r -> Reply.ok("x".repeat(2 * 1024 * 1024)));
             HttpBackend backend = new HttpBackend("vendor", strict().maxResponseBytes(1024 * 1024).build())) {
            MetricResult result = get(backend, stub.url() + "/q");

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message()).contains("2097152 bytes, above the limit of 1048576 bytes");
            });
            assertThat(stub.received()).hasSize(1);
        }
    }

    @Test
    void aStreamedAnswerWithoutLengthIsCutAtTheLimit() throws IOException {
        AtomicLong written = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (OutputStream out = exchange.getResponseBody()) {
                while (written.get() < 100L * 1024 * 1024) {
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException e) {
                // The client hung up once it had read past its limit.
            }
        });
        server.start();
        try (HttpBackend backend = new HttpBackend("vendor", strict().maxResponseBytes(1024 * 1024).build())) {
            MetricResult result = get(backend, "http://127.0.0.1:" + server.getAddress().getPort() + "/");

            assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message()).contains("more than 1048576 bytes");
            });
            assertThat(written.get()).isLessThan(24L * 1024 * 1024);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void tlsIsVerifiedByDefaultAndSkippingItIsWarnedOncePerAddress() {
        HttpsServer https = SelfSignedTls.server(exchange -> {
            byte[] body = "42".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        List<String> warnings = new CopyOnWriteArrayList<>();
        try (HttpBackend backend = new HttpBackend("vendor", strict().insecureTlsWarning(warnings::add).build())) {
            String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/q";
            Request request = new Request.Builder().url(url).build();

            MetricResult verifying = backend.send(url, request, false, MAPPER);
            for (int i = 0; i < 5; i++) {
                assertThat(backend.send(url, request, true, MAPPER)).isEqualTo(MetricResult.value(2));
            }

            assertThat(verifying).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
                assertThat(failure.retryable()).isFalse();
                assertThat(failure.message()).contains("failed TLS verification");
            });
            assertThat(warnings).containsExactly("vendor provider at " + url
                    + " has insecureSkipVerify: true: its certificate and host name are not verified");
        } finally {
            https.stop(0);
        }
    }
}
