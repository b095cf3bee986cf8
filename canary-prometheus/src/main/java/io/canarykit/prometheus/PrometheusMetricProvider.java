package io.canarykit.prometheus;

import io.canarykit.api.BackendException;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.canarykit.api.spi.SecretResolver;
import io.canarykit.prometheus.internal.AsyncCalls;
import io.canarykit.prometheus.internal.Credentials;
import io.canarykit.providers.http.HttpClients;
import io.canarykit.providers.http.HttpProviderSettings;
import io.canarykit.providers.http.InsecureTlsWarnings;
import io.canarykit.prometheus.internal.PrometheusRequests;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MetricProvider} for the Prometheus HTTP API: instant queries ({@code /api/v1/query}) with
 * the source's headers and credentials, behind a retry, a circuit breaker per Prometheus address and
 * a time limit per query.
 *
 * <p>Answers map as follows: one series or a scalar is a value; an empty vector or NaN is
 * {@code NoData("no values found")}; several series, a range vector or a rejected query (4xx) is a
 * non-retryable failure; 5xx, 429, I/O errors, time-outs (after the retries) and an open circuit are
 * retryable failures. One instance serves every canary; create it once and share it.
 *
 * <p>Close it when done: {@link #close()} stops the dispatcher threads and drops the pooled
 * connections of the OkHttp client it created itself; a client given to
 * {@link Builder#okHttpClient(OkHttpClient)} stays open and remains the caller's to close. Queries
 * after {@code close()} return a non-retryable {@link MetricResult.Failure}.
 */
public final class PrometheusMetricProvider implements MetricProvider, AutoCloseable {

    /** Flagger's per-query timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusMetricProvider.class);
    private static final String TYPE = "prometheus";

    private final SecretResolver secretResolver;
    private final HttpClients clients;
    private final RetryRegistry retryRegistry;
    private final CircuitBreakerRegistry circuitBreakerRegistry;
    private final TimeLimiterRegistry timeLimiterRegistry;
    private final Clock clock;
    private final long maxResponseBytes;
    private final InsecureTlsWarnings insecureTlsWarnings;
    private volatile boolean closed;

    private PrometheusMetricProvider(Builder builder) {
        this.secretResolver = builder.secretResolver;
        this.clients = builder.okHttpClient != null
                ? HttpClients.sharing(builder.okHttpClient, builder.timeout, builder.addressPolicy)
                : HttpClients.owning(builder.timeout, builder.addressPolicy);
        this.maxResponseBytes = builder.maxResponseBytes;
        this.insecureTlsWarnings = new InsecureTlsWarnings(builder.insecureTlsWarning);
        this.retryRegistry = builder.retryRegistry != null ? builder.retryRegistry : RetryRegistry.of(defaultRetryConfig());
        this.circuitBreakerRegistry = builder.circuitBreakerRegistry != null
                ? builder.circuitBreakerRegistry : CircuitBreakerRegistry.of(defaultCircuitBreakerConfig());
        this.timeLimiterRegistry = builder.timeLimiterRegistry != null
                ? builder.timeLimiterRegistry : TimeLimiterRegistry.of(defaultTimeLimiterConfig(builder.timeout));
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A provider with every default and no secrets. */
    public static PrometheusMetricProvider ofDefaults() {
        return builder().build();
    }

    /**
     * The default retry, shared with the other HTTP providers: 3 attempts, exponential backoff 200 ms
     * × 2 up to 2 s, only on retryable failures (5xx, 429, I/O, time-out). Derive test or tuned configs
     * with {@code RetryConfig.from(..)}.
     */
    public static RetryConfig defaultRetryConfig() {
        return HttpProviderSettings.defaultRetryConfig();
    }

    /**
     * The default breaker per Prometheus address, shared with the other HTTP providers: opens when
     * half of the last 20 calls (at least 10) failed retryably, probes again after 30 s. A rejected
     * query is the query's fault, not the server's, and never counts.
     */
    public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
        return HttpProviderSettings.defaultCircuitBreakerConfig();
    }

    /** The default time limit of one query attempt. */
    public static TimeLimiterConfig defaultTimeLimiterConfig(Duration timeout) {
        return HttpProviderSettings.defaultTimeLimiterConfig(timeout);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        Instant start = clock.instant();
        MetricResult result = run(query);
        if (LOG.isDebugEnabled()) {
            LOG.debug("prometheus query took {} ms: {} -> {}",
                    Duration.between(start, clock.instant()).toMillis(), query.query(), result);
        }
        return result;
    }

    @Override
    public Availability isOnline(MetricSource source) {
        MetricResult result = query(MetricQuery.now(source, "vector(1)"));
        if (result instanceof MetricResult.Value value) {
            return value.value() == 1 ? Availability.ONLINE
                    : Availability.offline("vector(1) returned " + value.value() + " instead of 1");
        }
        if (result instanceof MetricResult.Failure failure) {
            return Availability.offline(failure.message());
        }
        return Availability.offline("vector(1) returned no data");
    }

    /**
     * Stops the dispatcher threads and drops the pooled connections of the OkHttp client this provider
     * created; a user-supplied client is left untouched. Queries still running may end in a failure;
     * later queries return a non-retryable {@link MetricResult.Failure}. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        clients.close();
    }

    private MetricResult run(MetricQuery query) {
        if (closed) {
            return MetricResult.failure("the prometheus provider is closed", false);
        }
        MetricSource source = query.source();
        String address = source.provider().address();
        if (address == null || address.isBlank()) {
            return MetricResult.failure("the prometheus provider has no address", false);
        }
        HttpUrl endpoint;
        try {
            endpoint = PrometheusRequests.endpoint(address);
        } catch (IllegalArgumentException e) {
            return MetricResult.failure(e.getMessage(), false);
        }
        String where = PrometheusRequests.redacted(endpoint);
        Credentials credentials;
        try {
            credentials = Credentials.resolve(secretResolver, source);
        } catch (BackendException e) {
            return MetricResult.failure(e.getMessage(), e.retryable());
        } catch (RuntimeException e) {
            // The resolver is the user's (or the Kubernetes adapter's); its failure is worth a retry.
            return MetricResult.failure("reading the provider's secret failed: " + e.getClass().getSimpleName(), true);
        }
        try {
            Request request = PrometheusRequests.build(endpoint, query, source.provider().headers(), credentials);
            boolean insecure = source.provider().isInsecureSkipVerify();
            if (insecure) {
                insecureTlsWarnings.warnOnce(TYPE, where);
            }
            OkHttpClient client = clients.forSource(insecure);
            return credentials.redact(resilient(client, request, where, credentials));
        } catch (RuntimeException e) {
            return MetricResult.failure(credentials.redact("prometheus " + where + " query failed: " + e), false);
        }
    }

    private MetricResult resilient(OkHttpClient client, Request request, String where, Credentials credentials) {
        String name = TYPE + ":" + where;
        CircuitBreaker breaker = circuitBreakerRegistry.circuitBreaker(name);
        Retry retry = retryRegistry.retry(name);
        TimeLimiter limiter = timeLimiterRegistry.timeLimiter(name);
        try {
            return Retry.decorateSupplier(retry,
                    () -> breaker.executeSupplier(() -> redacted(credentials, () -> limited(limiter, client, request, where)))).get();
        } catch (CallNotPermittedException e) {
            return MetricResult.failure("circuit breaker for prometheus " + where + " is open: recent queries failed", true);
        } catch (BackendException e) {
            // The failure is the check's result and the engine reports it; this only says whether retries ran out.
            if (e.retryable()) {
                LOG.warn("prometheus query failed, giving up after retries: {}", e.getMessage());
            } else {
                LOG.debug("prometheus rejected the query, not retried: {}", e.getMessage());
            }
            return MetricResult.failure(e.getMessage(), e.retryable());
        }
    }

    /** Redacts a failure before the breaker and the retry log it: a server may echo credentials in its error body. */
    private static MetricResult redacted(Credentials credentials, java.util.function.Supplier<MetricResult> call) {
        try {
            return call.get();
        } catch (BackendException e) {
            throw credentials.redact(e);
        }
    }

    private MetricResult limited(TimeLimiter limiter, OkHttpClient client, Request request, String where) {
        try {
            return limiter.executeFutureSupplier(() -> AsyncCalls.send(client, request, where, maxResponseBytes));
        } catch (TimeoutException e) {
            throw new BackendException(TYPE, "prometheus " + where + " did not answer within "
                    + limiter.getTimeLimiterConfig().getTimeoutDuration().toMillis() + " ms", true, e);
        } catch (BackendException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException(TYPE, "interrupted while querying prometheus " + where, false, e);
        } catch (Exception e) {
            throw new BackendException(TYPE, "prometheus " + where + " query failed: " + e, true, e);
        }
    }

    /** Options of a {@link PrometheusMetricProvider}; every one has a default. */
    public static final class Builder {
        private SecretResolver secretResolver = SecretResolver.NONE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private @Nullable RetryRegistry retryRegistry;
        private @Nullable CircuitBreakerRegistry circuitBreakerRegistry;
        private @Nullable TimeLimiterRegistry timeLimiterRegistry;
        private @Nullable OkHttpClient okHttpClient;
        private Clock clock = Clock.systemUTC();
        private AddressPolicy addressPolicy = AddressPolicy.fromEnvironment();
        private long maxResponseBytes = HttpProviderSettings.DEFAULT_MAX_RESPONSE_BYTES;
        private Consumer<String> insecureTlsWarning = LOG::warn;

        private Builder() {
        }

        /**
         * Which Prometheus addresses may be called; default {@link AddressPolicy#fromEnvironment()} (metadata and
         * link-local addresses refused unless the operator sets {@value AddressPolicy#ENVIRONMENT_VARIABLE}{@code =true}).
         */
        public Builder addressPolicy(AddressPolicy addressPolicy) {
            this.addressPolicy = Objects.requireNonNull(addressPolicy, "addressPolicy");
            return this;
        }

        /** The longest answer read (default 8 MiB); a longer one is a non-retryable failure, not an exhausted heap. */
        public Builder maxResponseBytes(long maxResponseBytes) {
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive, got " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** Where the once-per-address warning about {@code insecureSkipVerify} goes; default the WARN log. */
        public Builder insecureTlsWarning(Consumer<String> insecureTlsWarning) {
            this.insecureTlsWarning = Objects.requireNonNull(insecureTlsWarning, "insecureTlsWarning");
            return this;
        }

        /** Reads {@code secretRef} credentials; default {@link SecretResolver#NONE}. */
        public Builder secretResolver(SecretResolver secretResolver) {
            this.secretResolver = Objects.requireNonNull(secretResolver, "secretResolver");
            return this;
        }

        /**
         * The time limit of one query attempt (default 5 s, as Flagger): the default TimeLimiter's limit.
         * OkHttp's call timeout is set 1 s above it, so it also bounds attempts when a TimeLimiter
         * registry with a longer limit is supplied.
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Retries per address (named {@code prometheus:<address>}); default {@link #defaultRetryConfig()}. */
        public Builder retryRegistry(RetryRegistry retryRegistry) {
            this.retryRegistry = Objects.requireNonNull(retryRegistry, "retryRegistry");
            return this;
        }

        /** Breakers per address; default {@link #defaultCircuitBreakerConfig()}. */
        public Builder circuitBreakerRegistry(CircuitBreakerRegistry circuitBreakerRegistry) {
            this.circuitBreakerRegistry = Objects.requireNonNull(circuitBreakerRegistry, "circuitBreakerRegistry");
            return this;
        }

        /** Time limiters per address; default {@link #defaultTimeLimiterConfig(Duration)} of {@link #timeout}. */
        public Builder timeLimiterRegistry(TimeLimiterRegistry timeLimiterRegistry) {
            this.timeLimiterRegistry = Objects.requireNonNull(timeLimiterRegistry, "timeLimiterRegistry");
            return this;
        }

        /**
         * The client whose connection pool and dispatcher all queries share (settings are derived with
         * {@code newBuilder()}); default: a new client with daemon dispatcher threads, released by
         * {@link PrometheusMetricProvider#close()}. A client given here is never shut down by the provider.
         */
        public Builder okHttpClient(OkHttpClient okHttpClient) {
            this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
            return this;
        }

        /** Times queries for the debug log; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public PrometheusMetricProvider build() {
            return new PrometheusMetricProvider(this);
        }
    }
}
