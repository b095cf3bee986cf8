package io.canarykit.api.model;

import io.canarykit.api.Redaction;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code spec} of an AlertProvider. The {@code address} may come from the Secret's {@code address}
 * key instead (the Secret wins), so webhook URLs need not be in git.
 */
public record AlertProviderSpec(
        String type,
        @Nullable String channel,
        @Nullable String username,
        @Nullable String address,
        @Nullable String proxy,
        @Nullable SecretReference secretRef) {

    public static final List<String> KNOWN_TYPES = List.of("slack", "discord", "rocket", "msteams", "gchat");
    public static final String DEFAULT_USERNAME = "flagger";
    public static final String DEFAULT_CHANNEL = "general";

    public AlertProviderSpec {
        type = Copies.text(type);
    }

    public String usernameOrDefault() {
        return username == null || username.isEmpty() ? DEFAULT_USERNAME : username;
    }

    public String channelOrDefault() {
        return channel == null || channel.isEmpty() ? DEFAULT_CHANNEL : channel;
    }

    /** Chat webhook addresses carry their token in the path, proxies their password: neither is printed. */
    @Override
    public String toString() {
        return "AlertProviderSpec[type=" + type + ", channel=" + channel + ", username=" + username + ", address="
                + Redaction.origin(address) + ", proxy=" + Redaction.url(proxy) + ", secretRef=" + secretRef + "]";
    }
}
