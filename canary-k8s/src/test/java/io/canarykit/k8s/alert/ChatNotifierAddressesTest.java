package io.canarykit.k8s.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.Notification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An AlertProvider's address is written by whoever writes Canaries: the chat notifier calls http(s)
 * only, and never a cloud metadata service or a link-local address unless the operator allows it,
 * whether the address is written so or a name resolves to it.
 */
class ChatNotifierAddressesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private HttpServer server;
    private final AtomicInteger posts = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            posts.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/hook", "http://metadata.google.internal/",
            "ftp://hooks.example/hook", "file:///etc/passwd"})
    void refusedAddressesAreNeverCalled(String address) {
        ChatNotifier chat = ChatNotifier.create(TIMEOUT, AddressPolicy.STRICT);

        assertThat(chat.post(new ChatDestination("slack", address, "u", "c", null, null), alert())).isFalse();
    }

    @Test
    void aNameThatResolvesToTheMetadataServiceIsRefusedBeforeAnyConnection() throws Exception {
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        ChatNotifier chat = ChatNotifier.create(TIMEOUT, AddressPolicy.STRICT, host -> new InetAddress[] {metadata});

        assertThat(chat.post(new ChatDestination("slack", "http://localhost:" + server.getAddress().getPort() + "/hook", "u", "c",
                null, null), alert())).isFalse();
        assertThat(posts).hasValue(0);
    }

    @Test
    void loopbackIsCalledAndTheOperatorsSwitchAllowsLinkLocal() {
        String hook = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        InetAddress linkLocal = addressOf("169.254.10.10");

        assertThat(ChatNotifier.create(TIMEOUT, AddressPolicy.STRICT).post(new ChatDestination("slack", hook, "u", "c", null, null),
                alert())).isTrue();
        assertThat(ChatNotifier.create(TIMEOUT, AddressPolicy.ALLOW_LINK_LOCAL, host -> new InetAddress[] {linkLocal})
                .post(new ChatDestination("slack", hook, "u", "c", null, null), alert())).isTrue();
        assertThat(posts).hasValue(2);
    }

    private static InetAddress addressOf(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Notification alert() {
        return new Notification("prod", "web", "Canary web.prod failed", AlertSeverity.ERROR, Map.of(), null);
    }
}
