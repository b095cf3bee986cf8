package io.canarykit.providers.http;

import io.canarykit.api.spi.AddressPolicy;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The OkHttp clients of one provider. All derive from one base client with {@code newBuilder()}, so
 * every canary and every address shares one connection pool and one dispatcher; only the settings a
 * source may change (TLS verification) get a derived client, built once.
 *
 * <p>{@link #close()} releases the dispatcher's threads and the pooled connections only when the base
 * client was created here ({@link #owning(Duration)}); a user's client ({@link #sharing}) is left alone.
 * The Prometheus provider uses it too.
 */
public final class HttpClients implements AutoCloseable {

    private static final Duration BACKSTOP = Duration.ofSeconds(1);

    private final OkHttpClient verifying;
    private final boolean owned;
    private volatile @Nullable OkHttpClient insecure;

    private HttpClients(OkHttpClient base, Duration timeout, boolean owned, AddressPolicy policy) {
        AddressGuard guard = new AddressGuard(policy, base.dns());
        // The TimeLimiter decides (and cancels the call); OkHttp's call timeout, a little later, is only a
        // backstop that frees the connection should a cancellation ever be lost.
        OkHttpClient.Builder guarded = base.newBuilder().callTimeout(timeout.plus(BACKSTOP))
                .dns(guard).addNetworkInterceptor(guard);
        if (base.socketFactory() == SocketFactory.getDefault()) {
            // A user's own socket factory cannot be wrapped; the Dns and the interceptor still guard it.
            guarded.socketFactory(new GuardedSocketFactory(policy));
        }
        this.verifying = guarded.build();
        this.owned = owned;
    }

    /** Clients on a base client created for them, whose threads and connections {@link #close()} releases. */
    public static HttpClients owning(Duration timeout) {
        return owning(timeout, AddressPolicy.fromEnvironment());
    }

    /** The same, calling only addresses {@code policy} allows. */
    public static HttpClients owning(Duration timeout, AddressPolicy policy) {
        return new HttpClients(defaultBase(), timeout, true, Objects.requireNonNull(policy, "policy"));
    }

    /** Clients on the user's base client, which stays the user's to close. */
    public static HttpClients sharing(OkHttpClient base, Duration timeout) {
        return sharing(base, timeout, AddressPolicy.fromEnvironment());
    }

    /** The same, calling only addresses {@code policy} allows. */
    public static HttpClients sharing(OkHttpClient base, Duration timeout, AddressPolicy policy) {
        return new HttpClients(Objects.requireNonNull(base, "base"), timeout, false, Objects.requireNonNull(policy, "policy"));
    }

    /** Whether {@link #close()} releases the base client's threads and connections. */
    public boolean owned() {
        return owned;
    }

    /** A base client for when the user supplies none: daemon dispatcher threads, many queries per host. */
    private static OkHttpClient defaultBase() {
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    // Daemon: an idle provider must not keep a CLI's JVM alive.
                    Thread thread = new Thread(runnable, "canarykit-provider-http-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Dispatcher dispatcher = new Dispatcher(executor);
        // OkHttp's default of 5 per host would queue canaries behind each other on one backend.
        dispatcher.setMaxRequestsPerHost(64);
        dispatcher.setMaxRequests(256);
        return new OkHttpClient.Builder().dispatcher(dispatcher).build();
    }

    /** The client for a source: verifying TLS with the system trust store unless it asks otherwise. */
    public OkHttpClient forSource(boolean insecureSkipVerify) {
        if (!insecureSkipVerify) {
            return verifying;
        }
        OkHttpClient client = insecure;
        if (client == null) {
            synchronized (this) {
                client = insecure;
                if (client == null) {
                    client = trustingEverything(verifying);
                    insecure = client;
                }
            }
        }
        return client;
    }

    /**
     * For an owned base client: cancels calls still running, stops the dispatcher's threads and closes
     * the idle pooled connections (OkHttp's documented shutdown). Does nothing for a user's client.
     */
    @Override
    public void close() {
        if (!owned) {
            return;
        }
        verifying.dispatcher().cancelAll();
        verifying.dispatcher().executorService().shutdown();
        verifying.connectionPool().evictAll();
    }

    private static OkHttpClient trustingEverything(OkHttpClient base) {
        X509TrustManager trustAll = new TrustAll();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
            return base.newBuilder()
                    .sslSocketFactory(context.getSocketFactory(), trustAll)
                    .hostnameVerifier((host, session) -> true)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS context", e);
        }
    }

    /** Accepts any certificate: only for providers that set {@code insecureSkipVerify: true}. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // Trusting everything is what insecureSkipVerify asks for.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Trusting everything is what insecureSkipVerify asks for.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
