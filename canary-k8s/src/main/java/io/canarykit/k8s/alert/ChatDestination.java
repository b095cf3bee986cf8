package io.canarykit.k8s.alert;

import io.canarykit.api.model.AlertProviderSpec;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where one alert goes: the service type ({@code slack}, {@code msteams}, {@code discord},
 * {@code rocket}, {@code gchat}), its webhook address, the sender name and channel, an optional
 * HTTP proxy and an optional bearer token. {@code toString()} shows the type only: the address of
 * a chat webhook is a credential.
 */
public record ChatDestination(String type, String address, String username, String channel, @Nullable String proxy,
        @Nullable String token) {

    public ChatDestination {
        type = Objects.requireNonNull(type, "type").toLowerCase(Locale.ROOT);
        Objects.requireNonNull(address, "address");
        username = username == null || username.isEmpty() ? AlertProviderSpec.DEFAULT_USERNAME : username;
        channel = channel == null || channel.isEmpty() ? AlertProviderSpec.DEFAULT_CHANNEL : channel;
        if (!AlertProviderSpec.KNOWN_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown alert provider type '" + type + "', expected one of "
                    + AlertProviderSpec.KNOWN_TYPES);
        }
        if (address.isEmpty()) {
            throw new IllegalArgumentException("the " + type + " address must not be empty");
        }
    }

    /** A destination with Flagger's default username ({@code flagger}) and channel ({@code general}). */
    public static ChatDestination of(String type, String address) {
        return new ChatDestination(type, address, AlertProviderSpec.DEFAULT_USERNAME, AlertProviderSpec.DEFAULT_CHANNEL,
                null, null);
    }

    public ChatDestination withProxy(@Nullable String value) {
        return new ChatDestination(type, address, username, channel, value, token);
    }

    @Override
    public String toString() {
        return "ChatDestination[" + type + ", address and credentials redacted]";
    }
}
