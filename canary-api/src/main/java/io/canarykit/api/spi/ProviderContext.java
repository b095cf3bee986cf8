package io.canarykit.api.spi;

import java.time.Clock;
import java.util.Objects;

/** What a provider discovered through ServiceLoader is given to build itself. */
public record ProviderContext(Clock clock, SecretResolver secrets) {

    public ProviderContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(secrets, "secrets");
    }
}
