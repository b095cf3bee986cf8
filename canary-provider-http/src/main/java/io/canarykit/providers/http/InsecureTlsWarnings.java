package io.canarykit.providers.http;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Says once per backend address, not once per query, that a provider skips TLS verification
 * ({@code insecureSkipVerify: true}): a WARN per query would drown the log, none would hide the risk.
 */
public final class InsecureTlsWarnings {

    private final Consumer<String> warn;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** @param warn where the warning goes (the provider's WARN log) */
    public InsecureTlsWarnings(Consumer<String> warn) {
        this.warn = Objects.requireNonNull(warn, "warn");
    }

    /** Warns about {@code type} at {@code where} (a redacted address) unless it was warned about already. */
    public void warnOnce(String type, String where) {
        if (warned.add(type + " " + where)) {
            warn.accept(type + " provider at " + where + " has insecureSkipVerify: true: its certificate and host name"
                    + " are not verified");
        }
    }
}
