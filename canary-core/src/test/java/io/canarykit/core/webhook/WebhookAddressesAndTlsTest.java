package io.canarykit.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which URLs a hook may call, checked at call time, and TLS verification on by default. */
class WebhookAddressesAndTlsTest {

    private static final WebhookPayload PAYLOAD = new WebhookPayload("web", "prod", "Progressing", "c", Map.of());

    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", exchange -> {
            calls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/to-metadata", exchange -> {
            calls.incrementAndGet();
            exchange.getResponseHeaders().set("Location", "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static CanaryWebhook hook(String name, String url) {
        return new CanaryWebhook("pre-rollout", name, url, null, "3s", Map.of(), null, null);
    }

    private static JdkWebhookClient strict() {
        return JdkWebhookClient.builder().addressPolicy(AddressPolicy.STRICT).backoff(Duration.ZERO).build();
    }

    private String local(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void loopbackStaysAllowed() {
        assertThat(strict().call(hook("local", local("/ok")), PAYLOAD).isSuccess()).isTrue();
        assertThat(strict().call(hook("local", "http://localhost:" + server.getAddress().getPort() + "/ok"), PAYLOAD)
                .isSuccess()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:70/", "jar:file:/x.jar!/y"})
    void schemesOtherThanHttpAreRefusedWithoutACall(String url) {
        WebhookResult result = strict().call(hook("odd", url), PAYLOAD);

        assertThat(result).isInstanceOf(WebhookResult.Unreachable.class);
        assertThat(result.message()).contains("refused").contains("only http and https");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/latest/meta-data/",
            "http://100.100.100.200/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
            "http://169.254.10.1:8080/", "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/"})
    void metadataAndLinkLocalAddressesAreRefusedByDefault(String url) {
        long start = System.nanoTime();
        WebhookResult result = strict().call(hook("ssrf", url), PAYLOAD);

        assertThat(result).isInstanceOf(WebhookResult.Unreachable.class);
        assertThat(result.message()).contains("refused").contains(AddressPolicy.ENVIRONMENT_VARIABLE);
        // Refused before connecting: no connect time-out was waited for.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
    }

    @Test
    void aNameThatResolvesToAMetadataAddressIsRefusedAtCallTime() throws Exception {
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        JdkWebhookClient client = JdkWebhookClient.builder().addressPolicy(AddressPolicy.STRICT)
                .resolver(host -> host.equals("hooks.example.com") ? new InetAddress[] {metadata} : InetAddress.getAllByName(host))
                .build();

        WebhookResult result = client.call(hook("rebound", "http://hooks.example.com/approve"), PAYLOAD);

        assertThat(result.message()).contains("hooks.example.com resolves to 169.254.169.254").contains("refused");
    }

    @Test
    void aRedirectToTheMetadataServiceIsRefused() {
        WebhookResult result = strict().call(hook("redirected", local("/to-metadata")), PAYLOAD);

        assertThat(result).isInstanceOf(WebhookResult.Unreachable.class);
        assertThat(result.message()).contains("169.254.169.254").contains("refused");
        assertThat(calls).hasValue(1);
    }

    @Test
    void theOperatorMayAllowLinkLocalAddresses() {
        JdkWebhookClient allowing = JdkWebhookClient.builder()
                .addressPolicy(AddressPolicy.fromEnvironment(Map.of(AddressPolicy.ENVIRONMENT_VARIABLE, "true"))).build();

        // fe80::1 without a zone has no route: the attempt fails at once, and no test ever talks to a real metadata service.
        WebhookResult allowed = allowing.call(hook("link-local", "http://[fe80::1]/"), PAYLOAD);
        WebhookResult refused = strict().call(hook("link-local", "http://[fe80::1]/"), PAYLOAD);

        assertThat(allowed.message()).doesNotContain("refused");
        assertThat(refused.message()).contains("refused");
    }

    /** Calls a hook on an HTTPS server presenting {@code serverContext}'s certificate. */
    private static WebhookResult callTls(javax.net.ssl.SSLContext serverContext, JdkWebhookClient client) {
        HttpsServer https = TestCertificates.server(serverContext);
        try {
            return client.call(hook("tls", "https://127.0.0.1:" + https.getAddress().getPort() + "/"), PAYLOAD);
        } finally {
            https.stop(0);
        }
    }

    private static JdkWebhookClient trustingTheTestCa() {
        return JdkWebhookClient.builder().addressPolicy(AddressPolicy.STRICT)
                .sslContext(TestCertificates.get().trustingClient()).build();
    }

    @Test
    void tlsIsVerifiedByDefaultAndAnUnknownIssuerIsRefused() {
        WebhookResult result = callTls(TestCertificates.get().valid(), strict());

        assertThat(result.message()).startsWith("TLS verification failed").contains("PKIX");
    }

    @Test
    void aTrustedCertificateForTheRightHostIsAccepted() {
        WebhookResult result = callTls(TestCertificates.get().valid(), trustingTheTestCa());

        assertThat(result.isSuccess()).as(result.message()).isTrue();
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() {
        WebhookResult result = callTls(TestCertificates.get().otherHost(), trustingTheTestCa());

        assertThat(result.message()).startsWith("TLS verification failed").contains("127.0.0.1");
    }

    @Test
    void aTrustedButExpiredCertificateIsRefused() {
        WebhookResult result = callTls(TestCertificates.get().expired(), trustingTheTestCa());

        assertThat(result.message()).startsWith("TLS verification failed").contains("CertificateExpiredException");
    }

    @Test
    void disableTlsIsPerHookAndWarnedOncePerHookNotPerCall() {
        HttpsServer https = TestCertificates.server(TestCertificates.get().valid());
        List<String> warnings = new CopyOnWriteArrayList<>();
        JdkWebhookClient client = JdkWebhookClient.builder().addressPolicy(AddressPolicy.STRICT)
                .insecureWarning(warnings::add).build();
        try {
            String url = "https://127.0.0.1:" + https.getAddress().getPort() + "/";
            CanaryWebhook insecure = new CanaryWebhook("pre-rollout", "insecure", url, null, "2s", Map.of(), null, true);
            CanaryWebhook other = new CanaryWebhook("pre-rollout", "also-insecure", url, null, "2s", Map.of(), null, true);
            CanaryWebhook verifying = new CanaryWebhook("pre-rollout", "verifying", url, null, "2s", Map.of(), null, null);

            for (int i = 0; i < 5; i++) {
                WebhookResult first = client.call(insecure, PAYLOAD);
                assertThat(first.isSuccess()).as(i + ": " + first.message()).isTrue();
                WebhookResult second = client.call(other, PAYLOAD);
                assertThat(second.isSuccess()).as(i + ": " + second.message()).isTrue();
                assertThat(client.call(verifying, PAYLOAD).isSuccess()).isFalse();
            }

            assertThat(warnings).containsExactly(
                    "canary prod/web webhook insecure has disableTLS: true: the certificate and host name of " + url
                            + " are not verified",
                    "canary prod/web webhook also-insecure has disableTLS: true: the certificate and host name of " + url
                            + " are not verified");
        } finally {
            https.stop(0);
        }
    }
}
