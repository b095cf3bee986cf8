package io.canarykit.providers.http;

import io.canarykit.api.BackendException;
import io.canarykit.api.Redaction;
import io.canarykit.api.spi.MetricResult;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the requests of one provider type, as the Prometheus provider does: behind a retry, a
 * circuit breaker per backend address ({@code <type>:<address>}) and a time limit per attempt, on
 * one shared OkHttp client. A failing attempt is a {@link BackendException}; what comes back is
 * always a {@link MetricResult}. Messages carry the redacted address, never credentials (callers
 * still pass results through {@link ProviderSecrets#redact(MetricResult)} in case a server echoes one).
 */
public final class HttpBackend implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpBackend.class);

    private final String type;
    private final HttpClients clients;
    private final RetryRegistry retryRegistry;
    private final CircuitBreakerRegistry circuitBreakerRegistry;
    private final TimeLimiterRegistry timeLimiterRegistry;
    private final long maxResponseBytes;
    private final InsecureTlsWarnings insecureTlsWarnings;
    private volatile boolean closed;

    public HttpBackend(String type, HttpProviderSettings settings) {
        this.type = Objects.requireNonNull(type, "type");
        Objects.requireNonNull(settings, "settings");
        this.clients = settings.okHttpClient()
                .map(client -> HttpClients.sharing(client, settings.timeout(), settings.addressPolicy()))
                .orElseGet(() -> HttpClients.owning(settings.timeout(), settings.addressPolicy()));
        this.maxResponseBytes = settings.maxResponseBytes();
        this.insecureTlsWarnings = new InsecureTlsWarnings(settings.insecureTlsWarning());
        this.retryRegistry = settings.retryRegistry();
        this.circuitBreakerRegistry = settings.circuitBreakerRegistry();
        this.timeLimiterRegistry = settings.timeLimiterRegistry();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Sends {@code request} (to the backend at {@code where}, the redacted address) and maps its answer.
     * Never throws for backend problems.
     */
    public MetricResult send(String where, Request request, boolean insecureSkipVerify, ResponseMapper mapper) {
        return send(where, request, insecureSkipVerify, mapper, List.of());
    }

    /**
     * {@link #send(String, Request, boolean, ResponseMapper)}, also masking {@code secrets} that the
     * request carries where {@link SentCredentials} does not look (an account id in the path).
     */
    public MetricResult send(String where, Request request, boolean insecureSkipVerify, ResponseMapper mapper,
            List<String> secrets) {
        if (closed) {
            return MetricResult.failure("the " + type + " provider is closed", false);
        }
        if (insecureSkipVerify) {
            insecureTlsWarnings.warnOnce(type, where);
        }
        OkHttpClient client = clients.forSource(insecureSkipVerify);
        String name = type + ":" + where;
        CircuitBreaker breaker = circuitBreakerRegistry.circuitBreaker(name);
        Retry retry = retryRegistry.retry(name);
        TimeLimiter limiter = timeLimiterRegistry.timeLimiter(name);
        List<String> sent = new java.util.ArrayList<>(SentCredentials.of(request));
        sent.addAll(secrets);
        try {
            return SentCredentials.redact(sent, Retry.decorateSupplier(retry,
                    () -> breaker.executeSupplier(() -> SentCredentials.redacting(sent,
                            () -> limited(limiter, client, request, where, mapper)))).get());
        } catch (CallNotPermittedException e) {
            return MetricResult.failure("circuit breaker for " + type + " " + where + " is open: recent queries failed", true);
        } catch (BackendException e) {
            if (e.retryable()) {
                LOG.warn("{} query failed, giving up after retries: {}", type, e.getMessage());
            } else {
                LOG.debug("{} rejected the query, not retried: {}", type, e.getMessage());
            }
            return MetricResult.failure(e.getMessage(), e.retryable());
        } catch (RuntimeException e) {
            return MetricResult.failure(Redaction.text(type + " " + where + " query failed: " + e, sent), false);
        }
    }

    private MetricResult limited(TimeLimiter limiter, OkHttpClient client, Request request, String where,
                                 ResponseMapper mapper) {
        try {
            return limiter.executeFutureSupplier(() -> sendAsync(client, request, where, mapper));
        } catch (TimeoutException e) {
            throw new BackendException(type, type + " " + where + " did not answer within "
                    + limiter.getTimeLimiterConfig().getTimeoutDuration().toMillis() + " ms", true, e);
        } catch (BackendException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(type, "interrupted while querying " + type + " " + where, false, e);
        } catch (Exception e) {
            throw new BackendException(type, type + " " + where + " query failed: " + e, true, e);
        }
    }

    private CompletableFuture<MetricResult> sendAsync(OkHttpClient client, Request request, String where,
                                                      ResponseMapper mapper) {
        CompletableFuture<MetricResult> future = new CompletableFuture<>();
        Call call = client.newCall(request);
        future.whenComplete((result, failure) -> {
            if (future.isCancelled()) {
                call.cancel();
            }
        });
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call failed, IOException e) {
                future.completeExceptionally(HttpFailures.of(type, where, e));
            }

            @Override
            public void onResponse(Call answered, Response response) {
                try (response) {
                    String body = BoundedBodies.read(answered, response.body(), maxResponseBytes);
                    Map<String, String> headers = new HashMap<>();
                    response.headers().names().forEach(n -> headers.put(n.toLowerCase(Locale.ROOT), response.header(n)));
                    future.complete(mapper.map(new HttpAnswer(response.code(), body, headers)));
                } catch (IOException e) {
                    onFailure(answered, e);
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }
        });
        return future;
    }

    /** Releases the threads and connections of a client created here; a shared client is left alone. Idempotent. */
    @Override
    public void close() {
        closed = true;
        clients.close();
    }
}
