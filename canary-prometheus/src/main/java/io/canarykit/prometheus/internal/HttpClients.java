package io.canarykit.prometheus.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients of one provider. All derive from one base client with {@code newBuilder()}, so
 * every canary and every address shares one connection pool and one dispatcher; only the settings a
 * source may change (TLS verification) get a derived client, built once.
 */
public final class HttpClients {

    private static final Duration BACKSTOP = Duration.ofSeconds(1);

    private final OkHttpClient verifying;
    private volatile OkHttpClient insecure;

    public HttpClients(OkHttpClient base, Duration timeout) {
        // The TimeLimiter decides (and cancels the call); OkHttp's call timeout, a little later, is only a
        // backstop that frees the connection should a cancellation ever be lost.
        this.verifying = base.newBuilder().callTimeout(timeout.plus(BACKSTOP)).build();
    }

    /** A base client for when the user supplies none: daemon dispatcher threads, many queries per host. */
    public static OkHttpClient defaultBase() {
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    // Daemon: an idle provider must not keep a CLI's JVM alive.
                    Thread thread = new Thread(runnable, "canarykit-prometheus-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        Dispatcher dispatcher = new Dispatcher(executor);
        // OkHttp's default of 5 per host would queue canaries behind each other on one Prometheus.
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
