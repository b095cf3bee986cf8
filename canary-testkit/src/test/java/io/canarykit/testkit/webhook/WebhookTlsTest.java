package io.canarykit.testkit.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsServer;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import io.canarykit.core.webhook.JdkWebhookClient;
import io.canarykit.testkit.http.SelfSignedTls;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhook client verifies TLS unless a hook says {@code disableTLS: true} (core's tests cannot use the testkit). */
class WebhookTlsTest {

    private static final WebhookPayload PAYLOAD = new WebhookPayload("web", "prod", "Progressing", "c", Map.of());
    private static HttpsServer server;

    @BeforeAll
    static void start() {
        server = SelfSignedTls.server(exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static CanaryWebhook hook(Boolean disableTls) {
        return new CanaryWebhook("rollout", "secure", "https://127.0.0.1:" + server.getAddress().getPort() + "/", null, "5s",
                Map.of(), null, disableTls);
    }

    @Test
    void aSelfSignedEndpointIsRefusedByDefault() {
        WebhookResult result = JdkWebhookClient.ofDefaults().call(hook(null), PAYLOAD);

        assertThat(result).isInstanceOf(WebhookResult.Unreachable.class);
        assertThat(result.message()).containsIgnoringCase("SSL");
    }

    @Test
    void disableTlsAcceptsItForThatHookOnly() {
        JdkWebhookClient client = JdkWebhookClient.ofDefaults();

        assertThat(client.call(hook(true), PAYLOAD).isSuccess()).isTrue();
        assertThat(client.call(hook(false), PAYLOAD).isSuccess()).isFalse();
    }
}
