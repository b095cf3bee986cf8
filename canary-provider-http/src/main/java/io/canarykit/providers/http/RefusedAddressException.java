package io.canarykit.providers.http;

import java.net.UnknownHostException;

/**
 * A backend address the {@link io.canarykit.api.spi.AddressPolicy} refuses. An {@code IOException}
 * (as OkHttp's {@code Dns} and interceptors must throw) that callers map to a non-retryable failure:
 * asking again will not make the address acceptable.
 */
public final class RefusedAddressException extends UnknownHostException {

    private static final long serialVersionUID = 1L;

    public RefusedAddressException(String reason) {
        super(reason);
    }
}
