package io.canarykit.cloudwatch;

import io.canarykit.api.BackendException;
import io.canarykit.api.Redaction;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.Availability;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;

/**
 * {@link MetricProvider} for Amazon CloudWatch, as Flagger's {@code cloudwatch} provider: the template's
 * query is a JSON array of {@code MetricDataQuery}; {@code GetMetricData} runs it from evaluation time
 * − 10 × interval to evaluation time with at most 20 datapoints, and the answer is the first value of
 * the first result (CloudWatch's newest first). {@code provider.region} is required;
 * {@code provider.address} overrides the endpoint (VPC endpoints, tests). Credentials come from the
 * AWS default chain (environment, system properties, web identity token for IRSA, profile, container,
 * instance) unless a provider is given. Availability is Flagger's: an empty {@code GetMetricData} is
 * answered with 400 (validation) by a reachable, authorised CloudWatch.
 *
 * <p>The SDK's own retries are off: retries (3 attempts, exponential backoff) and one circuit breaker
 * per region and endpoint are resilience4j's, as in the Prometheus provider; the SDK's per-attempt
 * timeout (default 5 s) takes the TimeLimiter's place, since it cancels the attempt itself. HTTP goes
 * through the SDK's {@code url-connection-client} (JDK only). Close it when done.
 */
public final class CloudWatchMetricProvider implements MetricProvider, AutoCloseable {

    public static final String TYPE = "cloudwatch";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Flagger's {@code cloudWatchStartDeltaMultiplierOnMetricInterval}. */
    static final int START_DELTA_INTERVALS = 10;
    static final int MAX_DATAPOINTS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchMetricProvider.class);

    private final Clock clock;
    private final Duration timeout;
    private final RetryRegistry retryRegistry;
    private final CircuitBreakerRegistry circuitBreakerRegistry;
    private final Supplier<AwsCredentialsProvider> credentials;
    private final SdkHttpClient httpClient;
    private final boolean ownsHttpClient;
    private final Map<String, CloudWatchClient> clients = new ConcurrentHashMap<>();
    private volatile @Nullable AwsCredentialsProvider resolvedCredentials;
    private final AddressPolicy addressPolicy;
    private volatile boolean closed;

    private CloudWatchMetricProvider(Builder b) {
        this.clock = b.clock;
        this.addressPolicy = b.addressPolicy;
        this.timeout = b.timeout;
        this.retryRegistry = b.retryRegistry != null ? b.retryRegistry : RetryRegistry.of(defaultRetryConfig());
        this.circuitBreakerRegistry = b.circuitBreakerRegistry != null
                ? b.circuitBreakerRegistry : CircuitBreakerRegistry.of(defaultCircuitBreakerConfig());
        AwsCredentialsProvider given = b.credentialsProvider;
        this.credentials = given != null ? () -> given : () -> DefaultCredentialsProvider.builder().build();
        this.ownsHttpClient = b.httpClient == null;
        this.httpClient = b.httpClient != null ? b.httpClient
                : UrlConnectionHttpClient.builder().connectionTimeout(b.timeout).socketTimeout(b.timeout).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CloudWatchMetricProvider ofDefaults() {
        return builder().build();
    }

    /** 3 attempts, exponential backoff 200 ms × 2 up to 2 s, only on retryable failures (5xx, throttling, I/O, time-out). */
    public static RetryConfig defaultRetryConfig() {
        return RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0, Duration.ofSeconds(2)))
                .retryOnException(CloudWatchMetricProvider::isRetryable)
                .build();
    }

    /** The Prometheus provider's breaker: half of the last 20 calls (at least 10) failed retryably; probes after 30 s. */
    public static CircuitBreakerConfig defaultCircuitBreakerConfig() {
        return CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(CloudWatchMetricProvider::isRetryable)
                .build();
    }

    private static boolean isRetryable(Throwable failure) {
        return failure instanceof BackendException backend && backend.retryable();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        List<MetricDataQuery> queries;
        try {
            queries = MetricDataQueries.parse(query.query());
        } catch (IllegalArgumentException e) {
            return MetricResult.failure(e.getMessage(), false);
        }
        Instant end = query.at() != null ? query.at() : clock.instant();
        GetMetricDataRequest request = GetMetricDataRequest.builder()
                .startTime(end.minus(query.interval().multipliedBy(START_DELTA_INTERVALS)))
                .endTime(end)
                .maxDatapoints(MAX_DATAPOINTS)
                .metricDataQueries(queries)
                .build();
        MetricResult result = call(query.source(), request, CloudWatchMetricProvider::firstValue);
        LOG.debug("cloudwatch query {} -> {}", query.query(), result);
        return result;
    }

    @Override
    public Availability isOnline(MetricSource source) {
        GetMetricDataRequest empty = GetMetricDataRequest.builder()
                .startTime(Instant.EPOCH).endTime(Instant.EPOCH).metricDataQueries(List.of()).build();
        MetricResult result = call(source, empty, response -> MetricResult.value(1));
        if (result instanceof MetricResult.Failure failure) {
            // Flagger: a 400 (the empty request fails validation) proves the endpoint, the credentials and the permission.
            return failure.message().contains("HTTP 400") ? Availability.ONLINE : Availability.offline(failure.message());
        }
        return Availability.ONLINE;
    }

    /** Closes the SDK clients (and the HTTP client, unless it was given). Idempotent. */
    @Override
    public void close() {
        closed = true;
        clients.values().forEach(CloudWatchClient::close);
        clients.clear();
        if (ownsHttpClient) {
            httpClient.close();
        }
    }

    private interface ResponseMapper {
        MetricResult map(GetMetricDataResponse response);
    }

    private MetricResult call(MetricSource source, GetMetricDataRequest request, ResponseMapper mapper) {
        if (closed) {
            return MetricResult.failure("the cloudwatch provider is closed", false);
        }
        String region = source.provider().region();
        if (region == null || region.isBlank()) {
            return MetricResult.failure("the cloudwatch provider has no region", false);
        }
        String address = source.provider().address();
        String where = region.strip() + (address == null || address.isBlank() ? "" : " " + Redaction.url(address.strip()));
        CloudWatchClient client;
        try {
            client = client(region.strip(), address);
            checkResolvedEndpoint(address);
        } catch (IllegalArgumentException e) {
            return MetricResult.failure(Redaction.text("invalid cloudwatch endpoint '" + address + "': " + e.getMessage(),
                    Redaction.secretsOf(address)), false);
        }
        String name = TYPE + ":" + where;
        CircuitBreaker breaker = circuitBreakerRegistry.circuitBreaker(name);
        Retry retry = retryRegistry.retry(name);
        try {
            return Retry.decorateSupplier(retry, () -> breaker.executeSupplier(() -> attempt(client, request, where, mapper))).get();
        } catch (CallNotPermittedException e) {
            return MetricResult.failure("circuit breaker for cloudwatch " + where + " is open: recent queries failed", true);
        } catch (BackendException e) {
            if (e.retryable()) {
                LOG.warn("cloudwatch query failed, giving up after retries: {}", e.getMessage());
            } else {
                LOG.debug("cloudwatch rejected the query, not retried: {}", e.getMessage());
            }
            return MetricResult.failure(e.getMessage(), e.retryable());
        }
    }

    private MetricResult attempt(CloudWatchClient client, GetMetricDataRequest request, String where, ResponseMapper mapper) {
        try {
            return mapper.map(client.getMetricData(request));
        } catch (AwsServiceException e) {
            int status = e.statusCode();
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            String detail = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorMessage() : "";
            String message = "cloudwatch " + where + " answered HTTP " + status + (code != null ? " " + code : "")
                    + (detail.isBlank() ? "" : ": " + detail);
            boolean retryable = status >= 500 || status == 429 || e.isThrottlingException();
            throw new BackendException(TYPE, message, retryable, e);
        } catch (SdkClientException e) {
            boolean retryable = e.retryable() || hasCause(e, IOException.class) || hasCause(e, UncheckedIOException.class)
                    || e.getClass().getSimpleName().contains("Timeout");
            throw new BackendException(TYPE, "cloudwatch " + where + " could not be queried: " + e.getMessage(), retryable, e);
        } catch (SdkException e) {
            throw new BackendException(TYPE, "cloudwatch " + where + " query failed: " + e.getMessage(), e.retryable(), e);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private CloudWatchClient client(String region, @Nullable String address) {
        String key = region + "|" + (address == null ? "" : address.strip());
        return clients.computeIfAbsent(key, k -> {
            var builder = CloudWatchClient.builder()
                    .region(Region.of(region))
                    .credentialsProvider(credentials())
                    .httpClient(httpClient)
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallAttemptTimeout(timeout));
            if (address != null && !address.isBlank()) {
                URI endpoint = URI.create(address.strip());
                if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                    throw new IllegalArgumentException("not an absolute URL");
                }
                AddressPolicy.refusalOfScheme(endpoint.getScheme()).ifPresent(reason -> {
                    throw new IllegalArgumentException(reason);
                });
                // AWS credentials come from the default chain; what an endpoint carries, the SDK logs at DEBUG.
                if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
                    throw new IllegalArgumentException("an endpoint carries no user info, query or fragment: "
                            + "AWS credentials come from the default chain");
                }
                builder.endpointOverride(endpoint);
            }
            return builder.build();
        });
    }

    /**
     * The endpoint override's host as written and as it resolves now (the SDK's client resolves it again
     * through the JVM's address cache, so it gets these addresses): never a metadata or link-local address
     * unless the policy allows it. The SDK's own credential lookups (IMDS) are not endpoint calls and not affected.
     */
    private void checkResolvedEndpoint(@Nullable String address) {
        if (address == null || address.isBlank() || addressPolicy.allowLinkLocal()) {
            return;
        }
        String host = URI.create(address.strip()).getHost();
        addressPolicy.refusalOfHost(host).ifPresent(reason -> {
            throw new IllegalArgumentException("refused: " + reason);
        });
        try {
            for (InetAddress resolved : InetAddress.getAllByName(host)) {
                addressPolicy.refusalOfAddress(resolved).ifPresent(reason -> {
                    throw new IllegalArgumentException("refused: " + host + " resolves to " + reason);
                });
            }
        } catch (UnknownHostException e) {
            // The SDK reports the unknown host itself, as a retryable connection error.
        }
    }

    private AwsCredentialsProvider credentials() {
        AwsCredentialsProvider provider = resolvedCredentials;
        if (provider == null) {
            synchronized (this) {
                provider = resolvedCredentials;
                if (provider == null) {
                    provider = credentials.get();
                    resolvedCredentials = provider;
                }
            }
        }
        return provider;
    }

    /** Flagger: the first value of the first result; none is no data. */
    static MetricResult firstValue(GetMetricDataResponse response) {
        List<MetricDataResult> results = response.metricDataResults();
        if (results.isEmpty()) {
            return MetricResult.noData("no values found (no MetricDataResults)");
        }
        List<Double> values = results.get(0).values();
        if (values.isEmpty() || values.get(0) == null || values.get(0).isNaN()) {
            return MetricResult.noData("no values found (" + results.get(0).id() + " has no values)");
        }
        return MetricResult.value(values.get(0));
    }

    /** Options of a {@link CloudWatchMetricProvider}; every one has a default. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private Duration timeout = DEFAULT_TIMEOUT;
        private @Nullable RetryRegistry retryRegistry;
        private @Nullable CircuitBreakerRegistry circuitBreakerRegistry;
        private @Nullable AwsCredentialsProvider credentialsProvider;
        private @Nullable SdkHttpClient httpClient;
        private AddressPolicy addressPolicy = AddressPolicy.fromEnvironment();

        private Builder() {
        }

        /**
         * Which endpoint overrides ({@code provider.address}) may be called; default {@link AddressPolicy#fromEnvironment()}
         * (metadata and link-local addresses refused unless the operator sets {@value AddressPolicy#ENVIRONMENT_VARIABLE}{@code =true}).
         */
        public Builder addressPolicy(AddressPolicy addressPolicy) {
            this.addressPolicy = Objects.requireNonNull(addressPolicy, "addressPolicy");
            return this;
        }

        /** "Now" when a query names no evaluation time; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The time limit of one attempt (default 5 s, as Flagger). */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        public Builder retryRegistry(RetryRegistry retryRegistry) {
            this.retryRegistry = Objects.requireNonNull(retryRegistry, "retryRegistry");
            return this;
        }

        public Builder circuitBreakerRegistry(CircuitBreakerRegistry circuitBreakerRegistry) {
            this.circuitBreakerRegistry = Objects.requireNonNull(circuitBreakerRegistry, "circuitBreakerRegistry");
            return this;
        }

        /** Default: the AWS default credentials chain, created on first use. */
        public Builder credentialsProvider(AwsCredentialsProvider credentialsProvider) {
            this.credentialsProvider = Objects.requireNonNull(credentialsProvider, "credentialsProvider");
            return this;
        }

        /** An SDK HTTP client to share (never closed by the provider); default a url-connection client. */
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        public CloudWatchMetricProvider build() {
            return new CloudWatchMetricProvider(this);
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
