package io.canarykit.k8s.alert;

import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.Notification;
import io.canarykit.api.spi.Notifier;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to chat services over the JDK HTTP client. Delivery is synchronous with a timeout
 * (Flagger posts inside the tick as well); failures are logged with the service type and HTTP
 * status, never the address. Use {@link #to} for a fixed destination (the controller-wide
 * default notifier) or {@link #post} per destination.
 */
public final class ChatNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(ChatNotifier.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Duration timeout;
    private final AddressPolicy addressPolicy;
    private final AddressPolicy.Resolver resolver;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();

    private ChatNotifier(Duration timeout, AddressPolicy addressPolicy, AddressPolicy.Resolver resolver) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.addressPolicy = Objects.requireNonNull(addressPolicy, "addressPolicy");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Posts with {@code timeout}; metadata and link-local addresses as the process's environment says ({@link AddressPolicy#fromEnvironment()}). */
    public static ChatNotifier create(Duration timeout) {
        return create(timeout, AddressPolicy.fromEnvironment());
    }

    /** Posts with {@code timeout}, calling only the addresses {@code addressPolicy} allows. */
    public static ChatNotifier create(Duration timeout, AddressPolicy addressPolicy) {
        return new ChatNotifier(timeout, addressPolicy, InetAddress::getAllByName);
    }

    static ChatNotifier create(Duration timeout, AddressPolicy addressPolicy, AddressPolicy.Resolver resolver) {
        return new ChatNotifier(timeout, addressPolicy, resolver);
    }

    public static ChatNotifier ofDefaults() {
        return create(DEFAULT_TIMEOUT);
    }

    /** A notifier that sends every alert to {@code destination}: Flagger's {@code -slack-url}/{@code -msteams-url}. */
    public static Notifier to(ChatDestination destination) {
        Objects.requireNonNull(destination, "destination");
        ChatNotifier chat = ofDefaults();
        return notification -> chat.post(destination, notification);
    }

    /** Sends {@code notification}; returns whether the service accepted it (HTTP 2xx). */
    public boolean post(ChatDestination destination, Notification notification) {
        String body = ChatPayloads.of(destination, notification);
        URI uri;
        try {
            uri = address(destination);
        } catch (IllegalArgumentException e) {
            LOG.warn("canary={}/{} {} alert skipped: the address is not a valid URL", notification.namespace(),
                    notification.canaryName(), destination.type());
            return false;
        }
        // An AlertProvider's address is written by whoever writes Canaries: it must not reach the node's cloud credentials.
        Optional<String> refused = AddressPolicy.refusalOfScheme(uri.getScheme()).or(() -> addressPolicy.refusalOfResolvedHost(uri.getHost(), resolver));
        if (refused.isPresent()) {
            LOG.warn("canary={}/{} {} alert skipped: {}", notification.namespace(), notification.canaryName(), destination.type(),
                    refused.get());
            return false;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (destination.token() != null && !destination.token().isEmpty()) {
            request.header("Authorization", "Bearer " + destination.token());
        }
        HttpClient client;
        try {
            client = client(destination.proxy());
        } catch (IllegalArgumentException e) {
            // The message of the exception quotes the proxy, which may carry user:password@: never log it.
            LOG.warn("canary={}/{} alert skipped: invalid proxy for {}", notification.namespace(), notification.canaryName(),
                    destination.type());
            return false;
        }
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                LOG.warn("canary={}/{} {} alert rejected: HTTP {}", notification.namespace(), notification.canaryName(),
                        destination.type(), response.statusCode());
                return false;
            }
            return true;
        } catch (IOException e) {
            LOG.warn("canary={}/{} {} alert not delivered: {}", notification.namespace(), notification.canaryName(),
                    destination.type(), e.getClass().getSimpleName());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Discord takes Slack's payload on the webhook's {@code /slack} endpoint (Flagger appends it). */
    private static URI address(ChatDestination destination) {
        URI uri = URI.create(destination.address());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute URL");
        }
        if ("discord".equals(destination.type()) && !uri.getPath().endsWith("/slack")) {
            String path = uri.getPath().endsWith("/") ? uri.getPath() + "slack" : uri.getPath() + "/slack";
            uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        }
        return uri;
    }

    /** The client for {@code proxy} (none when null or empty); IllegalArgumentException when the proxy is malformed. */
    private HttpClient client(@Nullable String proxy) {
        String key = proxy == null ? "" : proxy;
        return clients.computeIfAbsent(key, p -> {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
            if (!p.isEmpty()) {
                URI proxyUri = URI.create(p.contains("://") ? p : "http://" + p);
                if (proxyUri.getHost() == null) {
                    throw new IllegalArgumentException("the proxy has no host");
                }
                int port = proxyUri.getPort() < 0 ? 80 : proxyUri.getPort();
                builder.proxy(ProxySelector.of(new InetSocketAddress(proxyUri.getHost(), port)));
            }
            return builder.build();
        });
    }
}
