package io.canarykit.providers.http;

import java.io.IOException;

/** A backend answered more than the provider reads; asking again would answer the same. */
public final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public ResponseTooLargeException(String message) {
        super(message);
    }
}
