package io.canarykit.providers.http;

import io.canarykit.api.spi.AddressPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Connection;
import okhttp3.Dns;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Applies an {@link AddressPolicy} to an OkHttp client: as its {@link Dns} (a name that resolves to a
 * metadata or link-local address fails with a message naming the name, whatever it resolved to when
 * the manifest was checked: DNS rebinding) and as a network interceptor that checks the address a
 * connection reached before any request byte is sent — a backstop for clients whose socket factory
 * cannot be wrapped; with the default one, {@link GuardedSocketFactory} refuses before connecting.
 */
public final class AddressGuard implements Dns, Interceptor {

    private final AddressPolicy policy;
    private final Dns delegate;

    public AddressGuard(AddressPolicy policy, Dns delegate) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public List<InetAddress> lookup(String hostname) throws UnknownHostException {
        Optional<String> byName = policy.refusalOfHost(hostname);
        if (byName.isPresent()) {
            throw new RefusedAddressException(byName.get());
        }
        List<InetAddress> addresses = delegate.lookup(hostname);
        for (InetAddress address : addresses) {
            Optional<String> refused = policy.refusalOfAddress(address);
            if (refused.isPresent()) {
                throw new RefusedAddressException(hostname + " resolves to " + refused.get());
            }
        }
        return addresses;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Connection connection = chain.connection();
        if (connection != null) {
            InetSocketAddress reached = connection.route().socketAddress();
            Optional<String> refused = policy.refusalOfAddress(reached.getAddress());
            if (refused.isPresent()) {
                throw new RefusedAddressException(refused.get());
            }
        }
        return chain.proceed(chain.request());
    }
}
