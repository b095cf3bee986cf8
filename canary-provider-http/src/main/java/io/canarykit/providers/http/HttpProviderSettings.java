package io.canarykit.providers.http;

import io.canarykit.api.BackendException;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.SecretResolver;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * The options every HTTP provider shares, immutable; every one has a default. Derive a changed copy
 * with {@link #toBuilder()}.
 */
public final class HttpProviderSettings {

    /** Flagger's per-query timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The longest server-requested wait ({@code Retry-After}) a retry honours. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);
    /** The longest answer read (8 MiB): one value needs a few hundred bytes; far more means a runaway query. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;

    private final SecretResolver secretResolver;
    private final Duration timeout;
    private final @Nullable RetryRegistry retryRegistry;
    private final @Nullable CircuitBreakerRegistry circuitBreakerRegistry;
    private final @Nullable TimeLimiterRegistry timeLimiterRegistry;
    private final @Nullable OkHttpClient okHttpClient;
    private final Clock clock;
    private final AddressPolicy addressPolicy;
    private final long maxResponseBytes;
    private final Consumer<String> insecureTlsWarning;

    private HttpProviderSettings(Builder b) {
        this.secretResolver = b.secretResolver;
        this.timeout = b.timeout;
        this.retryRegistry = b.retryRegistry;
        this.circuitBreakerRegistry = b.circuitBreakerRegistry;
        this.timeLimiterRegistry = b.timeLimiterRegistry;
        this.okHttpClient = b.okHttpClient;
        this.clock = b.clock;
        this.addressPolicy = b.addressPolicy;
        this.maxResponseBytes = b.maxResponseBytes;
        this.insecureTlsWarning = b.insecureTlsWarning;
    }

    public static HttpProviderSettings ofDefaults() {
        return custom().build();
    }

    public static Builder custom() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.secretResolver = secretResolver;
        b.timeout = timeout;
        b.retryRegistry = retryRegistry;
        b.circuitBreakerRegistry = circuitBreakerRegistry;
        b.timeLimiterRegistry = timeLimiterRegistry;
        b.okHttpClient = okHttpClient;
        b.clock = clock;
        b.addressPolicy = addressPolicy;
        b.maxResponseBytes = maxResponseBytes;
        b.insecureTlsWarning = insecureTlsWarning;
        return b;
    }

    /**
     * The default retry: 3 attempts, exponential backoff 200 ms × 2 up to 2 s, or the server's
     * {@code Retry-After} when it gave one (at most {@link #MAX_RETRY_AFTER}); only on retryable
     * failures (5xx, 429, I/O, time-out). Derive tuned configs with {@code RetryConfig.from(..)}.
     */
    public static RetryConfig defaultRetryConfig() {
        return RetryConfig.custom()
                .maxAttempts(3)
                .intervalBiFunction(honouringRetryAfter(
                        IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(2)), MAX_RETRY_AFTER))
                .retryOnException(HttpProviderSettings::isRetryable)
                .build();
    }

    /** Waits what a {@link RateLimitedException} asks for (capped), else what {@code backoff} says. */
    public static IntervalBiFunction<Object> honouringRetryAfter(IntervalFunction backoff, Duration cap) {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(cap, "cap");
        return (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof RateLimitedException limited) {
                Optional<Duration> hint = limited.retryAfter();
                if (hint.isPresent()) {
                    return Math.min(hint.get().toMillis(), cap.toMillis());
                }
            }
            return backoff.apply(attempt);
        };
    }

    /**
     * The default breaker per backend address: opens when half of the last 20 calls (at least 10)
     * failed retryably, probes again after 30 s. A rejected query is the query's fault and never counts.
     */
    public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(HttpProviderSettings::isRetryable)
                .build();
    }

    public static TimeLimiterConfig defaultTimeLimiterConfig(Duration timeout) {
        return TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build();
    }

    public static boolean isRetryable(Throwable failure) {
        return failure instanceof BackendException backend && backend.retryable();
    }

    public SecretResolver secretResolver() {
        return secretResolver;
    }

    public Duration timeout() {
        return timeout;
    }

    public RetryRegistry retryRegistry() {
        return retryRegistry != null ? retryRegistry : RetryRegistry.of(defaultRetryConfig());
    }

    public CircuitBreakerRegistry circuitBreakerRegistry() {
        return circuitBreakerRegistry != null ? circuitBreakerRegistry : CircuitBreakerRegistry.of(defaultCircuitBreakerConfig());
    }

    public TimeLimiterRegistry timeLimiterRegistry() {
        return timeLimiterRegistry != null ? timeLimiterRegistry : TimeLimiterRegistry.of(defaultTimeLimiterConfig(timeout));
    }

    public Optional<OkHttpClient> okHttpClient() {
        return Optional.ofNullable(okHttpClient);
    }

    public Clock clock() {
        return clock;
    }

    public AddressPolicy addressPolicy() {
        return addressPolicy;
    }

    public long maxResponseBytes() {
        return maxResponseBytes;
    }

    public Consumer<String> insecureTlsWarning() {
        return insecureTlsWarning;
    }

    /** Options of {@link HttpProviderSettings}. */
    public static final class Builder {
        private SecretResolver secretResolver = SecretResolver.NONE;
        private Duration timeout = DEFAULT_TIMEOUT;
        private @Nullable RetryRegistry retryRegistry;
        private @Nullable CircuitBreakerRegistry circuitBreakerRegistry;
        private @Nullable TimeLimiterRegistry timeLimiterRegistry;
        private @Nullable OkHttpClient okHttpClient;
        private Clock clock = Clock.systemUTC();
        private AddressPolicy addressPolicy = AddressPolicy.fromEnvironment();
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Consumer<String> insecureTlsWarning = LoggerFactory.getLogger(HttpBackend.class)::warn;

        private Builder() {
        }

        /**
         * Which backend addresses may be called; default {@link AddressPolicy#fromEnvironment()} (metadata and
         * link-local addresses refused unless the operator sets {@value AddressPolicy#ENVIRONMENT_VARIABLE}{@code =true}).
         */
        public Builder addressPolicy(AddressPolicy addressPolicy) {
            this.addressPolicy = Objects.requireNonNull(addressPolicy, "addressPolicy");
            return this;
        }

        /** The longest answer read; a longer one is a non-retryable failure. Default {@link #DEFAULT_MAX_RESPONSE_BYTES}. */
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

        /** The time limit of one attempt (default 5 s, as Flagger). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** Retries per address (named {@code <type>:<address>}); default {@link #defaultRetryConfig()}. */
        public Builder retryRegistry(RetryRegistry retryRegistry) {
            this.retryRegistry = Objects.requireNonNull(retryRegistry, "retryRegistry");
            return this;
        }

        /** Breakers per address; default {@link #defaultCircuitBreakerConfig()}. */
        public Builder circuitBreakerRegistry(CircuitBreakerRegistry circuitBreakerRegistry) {
            this.circuitBreakerRegistry = Objects.requireNonNull(circuitBreakerRegistry, "circuitBreakerRegistry");
            return this;
        }

        /** Time limiters per address; default {@link #defaultTimeLimiterConfig(Duration)} of the timeout. */
        public Builder timeLimiterRegistry(TimeLimiterRegistry timeLimiterRegistry) {
            this.timeLimiterRegistry = Objects.requireNonNull(timeLimiterRegistry, "timeLimiterRegistry");
            return this;
        }

        /** A client to share (never shut down by the provider); default: one created and closed by the provider. */
        public Builder okHttpClient(OkHttpClient okHttpClient) {
            this.okHttpClient = Objects.requireNonNull(okHttpClient, "okHttpClient");
            return this;
        }

        /** "Now" when a query names no evaluation time; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public HttpProviderSettings build() {
            return new HttpProviderSettings(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
