package io.canarykit.k8s.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.AlertProviderSpec;
import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.model.SecretReference;
import io.canarykit.api.spi.Notification;
import io.canarykit.api.spi.Notifier;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.testkit.InMemoryCanaryStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Alerts reach loopback chat services with the payloads of Flagger's notifier package. */
class AlertProviderNotifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final InMemoryCanaryStore store = new InMemoryCanaryStore();
    private final Map<String, SecretData> secrets = new LinkedHashMap<>();
    private final List<Notification> defaults = new ArrayList<>();

    private record Received(String path, String authorization, JsonNode body) {
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                    JSON.readTree(new String(body, StandardCharsets.UTF_8))));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private AlertProviderNotifier notifier() {
        SecretResolver resolver = (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name));
        Notifier fallback = defaults::add;
        return AlertProviderNotifier.of(store, resolver, fallback);
    }

    private void provider(String name, String type, String address, SecretReference secret) {
        store.apply(AlertProvider.of(ObjectMeta.of("default", name), new AlertProviderSpec(type, null, null, address, null, secret)));
    }

    private static Notification alert(String provider, AlertSeverity severity) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Target", "Deployment/podinfo.default");
        fields.put("Failed checks threshold", "2");
        return new Notification("default", "podinfo", "Failed checks threshold reached 2", severity, fields,
                provider == null ? null : CrossNamespaceObjectReference.of(provider, null));
    }

    private Received next() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        assertThat(r).as("the chat service received the alert").isNotNull();
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"slack", "rocket"})
    void slackCompatiblePayload(String type) throws InterruptedException {
        provider("chat", type, url("/hooks/T1"), null);

        notifier().send(alert("chat", AlertSeverity.ERROR));

        Received r = next();
        assertThat(r.path()).isEqualTo("/hooks/T1");
        JsonNode body = r.body();
        assertThat(body.get("channel").asText()).isEqualTo("general");
        assertThat(body.get("username").asText()).isEqualTo("flagger");
        JsonNode attachment = body.get("attachments").get(0);
        assertThat(attachment.get("color").asText()).isEqualTo("danger");
        assertThat(attachment.get("author_name").asText()).isEqualTo("podinfo.default");
        assertThat(attachment.get("text").asText()).isEqualTo("Failed checks threshold reached 2");
        assertThat(attachment.get("mrkdwn_in").get(0).asText()).isEqualTo("text");
        assertThat(attachment.get("fields").get(0).get("title").asText()).isEqualTo("Target");
        assertThat(attachment.get("fields").get(0).get("value").asText()).isEqualTo("Deployment/podinfo.default");
        assertThat(attachment.get("fields").get(0).get("short").asBoolean()).isFalse();
    }

    @Test
    void infoIsGood() throws InterruptedException {
        provider("chat", "slack", url("/hooks/T1"), null);
        notifier().send(alert("chat", AlertSeverity.INFO));
        assertThat(next().body().get("attachments").get(0).get("color").asText()).isEqualTo("good");
    }

    @Test
    void discordPostsTheSlackPayloadToItsSlackEndpoint() throws InterruptedException {
        provider("chat", "discord", url("/api/webhooks/1/abc"), null);
        notifier().send(alert("chat", AlertSeverity.WARN));
        Received r = next();
        assertThat(r.path()).isEqualTo("/api/webhooks/1/abc/slack");
        assertThat(r.body().get("attachments").get(0).get("color").asText()).isEqualTo("good");
    }

    @Test
    void msTeamsMessageCard() throws InterruptedException {
        provider("teams", "msteams", url("/webhookb2/x"), null);
        notifier().send(alert("teams", AlertSeverity.ERROR));
        JsonNode body = next().body();
        assertThat(body.get("@type").asText()).isEqualTo("MessageCard");
        assertThat(body.get("@context").asText()).isEqualTo("http://schema.org/extensions");
        assertThat(body.get("themeColor").asText()).isEqualTo("FF0000");
        assertThat(body.get("summary").asText()).isEqualTo("podinfo.default");
        JsonNode section = body.get("sections").get(0);
        assertThat(section.get("activityTitle").asText()).isEqualTo("Failed checks threshold reached 2");
        assertThat(section.get("activitySubtitle").asText()).isEqualTo("podinfo.default");
        assertThat(section.get("facts").get(1).get("name").asText()).isEqualTo("Failed checks threshold");
        assertThat(section.get("facts").get(1).get("value").asText()).isEqualTo("2");
    }

    @Test
    void googleChatCard() throws InterruptedException {
        provider("gchat", "gchat", url("/v1/spaces/s/messages"), null);
        notifier().send(alert("gchat", AlertSeverity.INFO));
        JsonNode card = next().body().get("cards").get(0);
        assertThat(card.get("header").get("title").asText()).isEqualTo("Failed checks threshold reached 2");
        assertThat(card.get("header").get("subtitle").asText()).isEqualTo("podinfo.default");
        JsonNode keyValue = card.get("sections").get(0).get("widgets").get(0).get("keyValue");
        assertThat(keyValue.get("topLabel").asText()).isEqualTo("Target");
        assertThat(keyValue.get("content").asText()).isEqualTo("Deployment/podinfo.default");
    }

    @Test
    void secretAddressWinsAndTokenIsSent() throws InterruptedException {
        provider("chat", "slack", url("/from-spec"), new SecretReference("slack-url"));
        secrets.put("default/slack-url", new SecretData(Map.of("address", url("/from-secret"), "token", "xoxb-1")));

        notifier().send(alert("chat", AlertSeverity.INFO));

        Received r = next();
        assertThat(r.path()).isEqualTo("/from-secret");
        assertThat(r.authorization()).isEqualTo("Bearer xoxb-1");
    }

    @Test
    void proxyCarriesTheRequest() throws InterruptedException {
        // The loopback server plays the proxy: the request line then names the real destination.
        store.apply(AlertProvider.of(ObjectMeta.of("default", "chat"), new AlertProviderSpec("slack", "ops", "bot",
                "http://chat.invalid/hooks/T1", url(""), null)));
        notifier().send(alert("chat", AlertSeverity.INFO));
        Received r = next();
        assertThat(r.path()).isEqualTo("/hooks/T1");
        assertThat(r.body().get("channel").asText()).isEqualTo("ops");
        assertThat(r.body().get("username").asText()).isEqualTo("bot");
    }

    @Test
    void missingProviderOrSecretIsSkipped() throws InterruptedException {
        provider("chat", "slack", url("/hooks"), new SecretReference("absent"));

        notifier().send(alert("nope", AlertSeverity.ERROR));
        notifier().send(alert("chat", AlertSeverity.ERROR));

        assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(defaults).as("a named provider never falls back to the default notifier").isEmpty();
    }

    @Test
    void alertsWithoutProviderGoToTheDefaultNotifier() throws InterruptedException {
        notifier().send(alert(null, AlertSeverity.INFO));
        assertThat(defaults).hasSize(1);

        ChatNotifier.to(ChatDestination.of("msteams", url("/global"))).send(alert(null, AlertSeverity.INFO));
        Received r = next();
        assertThat(r.path()).isEqualTo("/global");
        assertThat(r.body().get("themeColor").asText()).isEqualTo("0076D7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://ops:hunter2@proxy host:3128", "ops:hunter2@", "http://ops:hunter2@proxy:99999"})
    void malformedProxyFromTheSecretSkipsTheAlertWithoutAnException(String proxy) throws InterruptedException {
        provider("chat", "slack", url("/hooks"), new SecretReference("slack-url"));
        secrets.put("default/slack-url", new SecretData(Map.of("proxy", proxy)));

        assertThatCode(() -> notifier().send(alert("chat", AlertSeverity.ERROR))).doesNotThrowAnyException();
        boolean delivered = ChatNotifier.ofDefaults().post(new ChatDestination("slack", url("/hooks"), "u", "c", proxy, null),
                alert("chat", AlertSeverity.ERROR));

        assertThat(delivered).isFalse();
        assertThat(received.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void destinationsHideTheirAddress() {
        ChatDestination destination = new ChatDestination("slack", "https://hooks.slack.com/services/SECRET", "u", "c",
                "http://proxy:3128", "xoxb-SECRET");
        assertThat(destination.toString()).doesNotContain("SECRET").doesNotContain("proxy");
    }

}
