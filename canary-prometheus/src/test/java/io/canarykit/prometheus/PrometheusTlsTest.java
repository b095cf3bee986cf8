package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS: a self-signed server is refused with the system trust store and accepted only with insecureSkipVerify. */
class PrometheusTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ANSWER =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"3\"]}}";

    private static HttpsServer server;

    @BeforeAll
    static void startSelfSignedServer(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        // keytool ships with every JDK: a self-signed certificate without extra test dependencies.
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static MetricQuery query(boolean insecureSkipVerify) {
        String address = "https://127.0.0.1:" + server.getAddress().getPort();
        return MetricQuery.now(new MetricSource("test",
                new MetricTemplateProvider("prometheus", address, Map.of(), null, null, insecureSkipVerify)), "up");
    }

    @Test
    void refusesAnUntrustedCertificateWithoutRetrying() {
        MetricResult result = PrometheusMetricProvider.builder()
                .retryRegistry(Resilience.retriesWithoutWait(3)).build().query(query(false));

        assertThat(result).isInstanceOfSatisfying(MetricResult.Failure.class, failure -> {
            assertThat(failure.message()).contains("failed TLS verification");
            assertThat(failure.retryable()).isFalse();
        });
    }

    @Test
    void acceptsItWhenTheProviderSkipsVerification() {
        PrometheusMetricProvider provider = PrometheusMetricProvider.ofDefaults();

        assertThat(provider.query(query(true))).isEqualTo(MetricResult.value(3));
        assertThat(provider.query(query(false))).isInstanceOf(MetricResult.Failure.class);
    }
}
