package io.canarykit.providers.http;

import io.canarykit.api.spi.AddressPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Plain sockets that refuse, before any packet leaves, to connect to an address the
 * {@link AddressPolicy} refuses. OkHttp opens every connection — to a name it resolved, to an IP
 * literal (which its {@code Dns} never sees), to a redirect target — through its socket factory, and
 * layers TLS on top of that socket, so this is the one place that sees every address it connects to.
 */
final class GuardedSocketFactory extends SocketFactory {

    private final AddressPolicy policy;

    GuardedSocketFactory(AddressPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new GuardedSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        Socket socket = new GuardedSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = new GuardedSocket();
        socket.connect(address);
        return socket;
    }

    private final class GuardedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress inet && inet.getAddress() != null) {
                Optional<String> refused = policy.refusalOfAddress(inet.getAddress());
                if (refused.isPresent()) {
                    close();
                    throw new RefusedAddressException(refused.get());
                }
            }
            super.connect(endpoint, timeout);
        }
    }
}
