package io.canarykit.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** HTTP servers of the demo: bound to 127.0.0.1 on a free port, never to any other address. */
final class Loopback {

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle and delayed
        // ACKs add ~40 ms to every keep-alive request (local-infrastructure.md, §3). Read once, at the
        // first server's creation, so it must be set before any server exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    static final InetAddress ADDRESS = InetAddress.getLoopbackAddress();

    private Loopback() {
    }

    /** A started server with {@code threads} handler threads named after {@code name}. */
    static Server start(String name, int threads, java.util.function.Consumer<HttpServer> contexts) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(ADDRESS, 0), 64);
            ExecutorService executor = Executors.newFixedThreadPool(threads, named(name));
            server.setExecutor(executor);
            contexts.accept(server);
            server.start();
            return new Server(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1 for " + name, e);
        }
    }

    static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A running server and its handler threads. */
    record Server(HttpServer http, ExecutorService executor) implements AutoCloseable {

        URI uri() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        }

        int port() {
            return http.getAddress().getPort();
        }

        @Override
        public void close() {
            http.stop(0);
            executor.shutdownNow();
        }
    }
}
