package io.canarykit.core.webhook;

import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls webhooks as Flagger does: {@code POST} of the JSON payload with the hook's timeout; success
 * is HTTP 200–202 only; connection errors, time-outs, 5xx (but 501) and 429 are retried
 * {@code retries} times with exponential backoff; {@code disableTLS} turns certificate checks off
 * for that hook only (logged once per hook). Never throws: a hook that cannot be reached is a
 * {@link WebhookResult.Unreachable}.
 *
 * <p>Where it is stricter than Flagger: the hook's timeout bounds the whole attempt, body included
 * (a body trickled forever cannot hold a tick); at most {@value #MAX_BODY_READ} bytes of a body are
 * read; redirects are followed by this class (at most {@value #MAX_REDIRECTS}, never from https to
 * http) so that every hop's address is checked; only http(s) URLs are called, and metadata and
 * link-local addresses only when the {@link AddressPolicy} allows them — checked on the addresses the
 * host resolves to at call time, not only on the URL as written.
 */
public final class JdkWebhookClient implements WebhookClient {

    /** The most of a response body read; the rest is never transferred (the connection is closed). */
    public static final int MAX_BODY_READ = 64 * 1024;
    /** Redirect hops followed per attempt (Go's client, which Flagger uses, stops at 10). */
    public static final int MAX_REDIRECTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(JdkWebhookClient.class);
    private static final int MAX_BODY_IN_MESSAGE = 1024;

    private final HttpClient client;
    private final HttpClient insecureClient;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final AddressPolicy addressPolicy;
    private final Consumer<String> insecureWarning;
    private final Resolver resolver;
    private final Set<String> warnedInsecure = ConcurrentHashMap.newKeySet();

    private JdkWebhookClient(Builder b) {
        // Redirects are followed by hand: the JDK would follow them to any address, unchecked.
        HttpClient.Builder verifying = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
        if (b.sslContext != null) {
            verifying.sslContext(b.sslContext);
        }
        this.client = verifying.build();
        this.insecureClient = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(InsecureTls.context()).build();
        this.backoff = b.backoff;
        this.maxBackoff = b.maxBackoff;
        this.addressPolicy = b.addressPolicy;
        this.insecureWarning = b.insecureWarning;
        this.resolver = b.resolver;
    }

    /** Name resolution, replaceable in tests to play a DNS server that answers a metadata address. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static JdkWebhookClient ofDefaults() {
        return builder().build();
    }

    @Override
    public WebhookResult call(CanaryWebhook hook, WebhookPayload payload) {
        URI uri;
        try {
            uri = URI.create(hook.url());
        } catch (IllegalArgumentException e) {
            return invalidUrl(hook, e);
        }
        Optional<String> refused = schemeRefusal(uri);
        if (refused.isPresent()) {
            return new WebhookResult.Unreachable("webhook url \"" + withoutSecrets(hook.url()) + "\" refused: " + refused.get());
        }
        if (uri.getHost() == null) {
            return new WebhookResult.Unreachable("invalid webhook url \"" + withoutSecrets(hook.url()) + "\": no host");
        }
        HttpClient http = client;
        if (hook.tlsVerificationDisabled()) {
            http = insecureClient;
            warnOnceAboutInsecureTls(hook, payload);
        }
        String json = WebhookJson.toJson(payload);
        int attempts = hook.retriesOrZero() + 1;
        Attempt last = new Attempt(new WebhookResult.Unreachable("not called"), false);
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !pause(attempt - 1)) {
                break;
            }
            last = attempt(http, hook, uri, json);
            if (!last.retryable()) {
                return last.result();
            }
            LOG.warn("webhook {} attempt {}/{} failed: {}", hook.name(), attempt, attempts, last.result().message());
        }
        if (last.result() instanceof WebhookResult.Unreachable unreachable && attempts > 1) {
            return new WebhookResult.Unreachable("giving up after " + attempts + " attempt(s): " + unreachable.error());
        }
        return last.result();
    }

    /** What one attempt came to, and whether another attempt may do better. */
    private record Attempt(WebhookResult result, boolean retryable) {
    }

    private Attempt attempt(HttpClient http, CanaryWebhook hook, URI first, String json) {
        Duration timeout = hook.timeoutOrDefault();
        long deadline = System.nanoTime() + timeout.toNanos();
        URI target = first;
        boolean post = true;
        for (int hop = 0; ; hop++) {
            Optional<String> refused = addressRefusal(target);
            if (refused.isPresent()) {
                return new Attempt(new WebhookResult.Unreachable("address of " + withoutSecrets(target.toString())
                        + " refused: " + refused.get()), false);
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return timedOut(timeout);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(Duration.ofNanos(remaining));
            if (post) {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
            } else {
                request.GET();
            }
            Future<HttpResponse<String>> pending = Exchanges.send(http, request.build(), BoundedBody.handler(MAX_BODY_READ));
            HttpResponse<String> response;
            try {
                // The whole exchange, body included, within what is left of the hook's timeout.
                response = pending.get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                return timedOut(timeout);
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                return new Attempt(new WebhookResult.Unreachable("interrupted"), false);
            } catch (ExecutionException e) {
                // The JDK's own request timeout (the same deadline) can fire first: the same timeout, said the same way.
                return e.getCause() instanceof java.net.http.HttpTimeoutException ? timedOut(timeout) : failed(e.getCause());
            }
            Optional<String> location = response.headers().firstValue("Location");
            if (!isRedirect(response.statusCode()) || location.isEmpty()) {
                String body = response.body() == null ? "" : response.body();
                return new Attempt(new WebhookResult.Answered(response.statusCode(),
                        body.length() > MAX_BODY_IN_MESSAGE ? body.substring(0, MAX_BODY_IN_MESSAGE) + "…" : body),
                        shouldRetry(response.statusCode()));
            }
            if (hop == MAX_REDIRECTS) {
                return new Attempt(new WebhookResult.Unreachable("redirected more than " + MAX_REDIRECTS
                        + " times (a redirect loop?), last to " + withoutSecrets(location.get())), false);
            }
            URI next;
            try {
                next = target.resolve(location.get());
            } catch (IllegalArgumentException e) {
                return new Attempt(new WebhookResult.Unreachable("redirected to an invalid url \""
                        + withoutSecrets(location.get()) + "\""), false);
            }
            Optional<String> badScheme = schemeRefusal(next);
            if (badScheme.isEmpty() && "https".equalsIgnoreCase(target.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
                badScheme = Optional.of("a redirect from https to " + next.getScheme() + " is not followed");
            }
            if (badScheme.isPresent()) {
                return new Attempt(new WebhookResult.Unreachable("redirect to " + withoutSecrets(next.toString())
                        + " refused: " + badScheme.get()), false);
            }
            // As Go's client: 307 and 308 repeat the POST, the other redirects continue with a GET.
            post = post && (response.statusCode() == 307 || response.statusCode() == 308);
            target = next;
        }
    }

    private static Attempt timedOut(Duration timeout) {
        return new Attempt(new WebhookResult.Unreachable("HttpTimeoutException: request timed out after " + timeout.toMillis() + " ms"), true);
    }

    private static Attempt failed(Throwable cause) {
        if (cause instanceof SSLException) {
            // An untrusted or expired certificate, or a wrong host name, stays so however often we retry.
            return new Attempt(new WebhookResult.Unreachable("TLS verification failed: " + describe(cause)
                    + rootCause(cause).map(root -> " (" + describe(root) + ")").orElse("")), false);
        }
        if (cause instanceof IOException) {
            return new Attempt(new WebhookResult.Unreachable(describe(cause)), true);
        }
        return new Attempt(new WebhookResult.Unreachable(describe(cause)), false);
    }

    /** The innermost cause (an expired certificate hides under two wrappers), when there is one. */
    private static Optional<Throwable> rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? Optional.empty() : Optional.of(root);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** go-retryablehttp's default policy, which Flagger relies on. */
    private static boolean shouldRetry(int status) {
        return status == 429 || (status >= 500 && status != 501);
    }

    private static Optional<String> schemeRefusal(URI uri) {
        return AddressPolicy.refusalOfScheme(uri.getScheme() == null ? "" : uri.getScheme());
    }

    /** The host as written and every address it resolves to now (see {@link AddressPolicy#refusalOfResolvedHost}). */
    private Optional<String> addressRefusal(URI uri) {
        return addressPolicy.refusalOfResolvedHost(Objects.requireNonNull(uri.getHost(), "host"), resolver::resolve);
    }

    private void warnOnceAboutInsecureTls(CanaryWebhook hook, WebhookPayload payload) {
        String object = payload.namespace() + "/" + payload.name() + " webhook " + hook.name();
        if (warnedInsecure.add(object)) {
            insecureWarning.accept("canary " + object + " has disableTLS: true: the certificate and host name of "
                    + withoutSecrets(hook.url()) + " are not verified");
        }
    }

    private static WebhookResult invalidUrl(CanaryWebhook hook, IllegalArgumentException e) {
        return new WebhookResult.Unreachable("invalid webhook url \"" + withoutSecrets(hook.url()) + "\": "
                + String.valueOf(e.getMessage()).replace(hook.url(), withoutSecrets(hook.url())));
    }

    private boolean pause(int retry) {
        long millis = Math.min(maxBackoff.toMillis(), backoff.toMillis() * (1L << Math.min(retry - 1, 20)));
        if (millis <= 0) {
            return true;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(Throwable e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    /** Configures the client. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration backoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private AddressPolicy addressPolicy = AddressPolicy.fromEnvironment();
        private @Nullable SSLContext sslContext;
        private Consumer<String> insecureWarning = LOG::warn;
        private Resolver resolver = InetAddress::getAllByName;

        private Builder() {
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = Objects.requireNonNull(value, "connectTimeout");
            return this;
        }

        /** The wait before the first retry; it doubles for each further one (go-retryablehttp: 1s). */
        public Builder backoff(Duration value) {
            backoff = Objects.requireNonNull(value, "backoff");
            return this;
        }

        /** The longest wait between retries (go-retryablehttp: 30s). */
        public Builder maxBackoff(Duration value) {
            maxBackoff = Objects.requireNonNull(value, "maxBackoff");
            return this;
        }

        /**
         * Which addresses hooks may point at; default {@link AddressPolicy#fromEnvironment()} (strict unless
         * the operator sets {@value AddressPolicy#ENVIRONMENT_VARIABLE}{@code =true}).
         */
        public Builder addressPolicy(AddressPolicy value) {
            addressPolicy = Objects.requireNonNull(value, "addressPolicy");
            return this;
        }

        /** The TLS context that verifies hooks' certificates (a private CA's trust store); default the JDK's. */
        public Builder sslContext(SSLContext value) {
            sslContext = Objects.requireNonNull(value, "sslContext");
            return this;
        }

        /** Where the once-per-hook warning about {@code disableTLS} goes; default this class's WARN log. */
        Builder insecureWarning(Consumer<String> value) {
            insecureWarning = Objects.requireNonNull(value, "insecureWarning");
            return this;
        }

        Builder resolver(Resolver value) {
            resolver = Objects.requireNonNull(value, "resolver");
            return this;
        }

        public JdkWebhookClient build() {
            return new JdkWebhookClient(this);
        }
    }

    /** The URL as it may be logged: no user information, no query (either can hold a token). */
    static String withoutSecrets(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1").replaceFirst("[?#].*$", "");
    }
}
