package io.canarykit.providers.http;

import io.canarykit.api.BackendException;
import java.io.IOException;
import javax.net.ssl.SSLException;

/** Turns the I/O failure of one backend call into a {@link BackendException} that says what went wrong and whether to retry. */
public final class HttpFailures {

    private HttpFailures() {
    }

    /**
     * @param type  the provider type, for messages ("prometheus")
     * @param where the redacted address
     */
    public static BackendException of(String type, String where, IOException e) {
        String at = type + " " + where;
        // None of these change when asked again: an untrusted certificate, a refused address, a runaway answer.
        if (e instanceof SSLException) {
            return new BackendException(type, at + " failed TLS verification: " + e, false, e);
        }
        if (e instanceof RefusedAddressException) {
            return new BackendException(type, at + " refused: " + e.getMessage(), false, e);
        }
        if (e instanceof ResponseTooLargeException) {
            return new BackendException(type, at + " answer refused: " + e.getMessage(), false, e);
        }
        return new BackendException(type, at + " could not be queried: " + e, true, e);
    }
}
