package io.canarykit.api.spi;

import java.util.Optional;

/** Reads Secrets (provider credentials, alert webhook URLs). */
public interface SecretResolver {

    /** A resolver that knows no secrets. */
    SecretResolver NONE = (namespace, name) -> Optional.empty();

    /** The Secret's data, or empty when it does not exist. */
    Optional<SecretData> resolve(String namespace, String name);
}
