package io.canarykit.k8s.alert;

import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.AlertProviderSpec;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.api.spi.Notification;
import io.canarykit.api.spi.Notifier;
import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flagger's alerting: an alert naming an AlertProvider ({@code analysis.alerts[].providerRef}) is
 * resolved through the store (the operator's informer cache) and sent to that provider; the
 * Secret's {@code address}, {@code proxy} and {@code token} keys win over the spec. An alert that
 * names no provider (a canary without {@code analysis.alerts}) goes to the controller-wide default
 * notifier. A missing provider or Secret is logged and the alert skipped.
 */
public final class AlertProviderNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(AlertProviderNotifier.class);

    private final CanaryStore store;
    private final SecretResolver secrets;
    private final Notifier defaultNotifier;
    private final ChatNotifier chat;

    private AlertProviderNotifier(CanaryStore store, SecretResolver secrets, Notifier defaultNotifier, ChatNotifier chat) {
        this.store = Objects.requireNonNull(store, "store");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.defaultNotifier = Objects.requireNonNull(defaultNotifier, "defaultNotifier");
        this.chat = Objects.requireNonNull(chat, "chat");
    }

    public static AlertProviderNotifier of(CanaryStore store, SecretResolver secrets, Notifier defaultNotifier) {
        return new AlertProviderNotifier(store, secrets, defaultNotifier, ChatNotifier.ofDefaults());
    }

    public static AlertProviderNotifier of(CanaryStore store, SecretResolver secrets, Notifier defaultNotifier, ChatNotifier chat) {
        return new AlertProviderNotifier(store, secrets, defaultNotifier, chat);
    }

    @Override
    public void send(Notification notification) {
        CrossNamespaceObjectReference ref = notification.providerRef();
        if (ref == null) {
            defaultNotifier.send(notification);
            return;
        }
        resolve(notification, ref).ifPresent(destination -> chat.post(destination, notification));
    }

    /** The destination an alert's provider reference names, or empty (logged) when it cannot be resolved. */
    public Optional<ChatDestination> resolve(Notification notification, CrossNamespaceObjectReference ref) {
        String namespace = ref.namespaceOr(notification.namespace());
        String where = "canary=" + notification.namespace() + "/" + notification.canaryName() + " alert provider "
                + namespace + "/" + ref.name();
        Optional<AlertProvider> provider = store.alertProvider(namespace, ref.name());
        if (provider.isEmpty()) {
            LOG.warn("{} not found; alert skipped", where);
            return Optional.empty();
        }
        AlertProviderSpec spec = provider.get().spec();
        String address = spec.address();
        String proxy = spec.proxy();
        String token = null;
        if (spec.secretRef() != null) {
            Optional<SecretData> secret = secrets.resolve(namespace, spec.secretRef().name());
            if (secret.isEmpty()) {
                LOG.warn("{}: secret {} not found; alert skipped", where, spec.secretRef().name());
                return Optional.empty();
            }
            address = secret.get().get("address").orElse(address);
            proxy = secret.get().get("proxy").orElse(proxy);
            token = secret.get().get("token").orElse(null);
        }
        if (address == null || address.isEmpty()) {
            LOG.warn("{} has no address (neither in spec.address nor in the secret's 'address' key); alert skipped", where);
            return Optional.empty();
        }
        try {
            return Optional.of(new ChatDestination(spec.type(), address, spec.usernameOrDefault(), spec.channelOrDefault(),
                    proxy, token));
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: {}; alert skipped", where, e.getMessage());
            return Optional.empty();
        }
    }
}
