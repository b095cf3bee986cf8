package io.canarykit.core.webhook;

import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls webhooks as Flagger does: {@code POST} of the JSON payload with the hook's timeout; success
 * is HTTP 200–202 only; connection errors, time-outs, 5xx (but 501) and 429 are retried
 * {@code retries} times with exponential backoff; {@code disableTLS} turns certificate checks off
 * for that hook only. Never throws: a hook that cannot be reached is a {@link WebhookResult.Unreachable}.
 */
public final class JdkWebhookClient implements WebhookClient {

    private static final Logger LOG = LoggerFactory.getLogger(JdkWebhookClient.class);
    private static final int MAX_BODY_IN_MESSAGE = 1024;

    private final HttpClient client;
    private final HttpClient insecureClient;
    private final Duration backoff;
    private final Duration maxBackoff;

    private JdkWebhookClient(Builder b) {
        this.client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.insecureClient = HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NORMAL)
                .sslContext(InsecureTls.context()).build();
        this.backoff = b.backoff;
        this.maxBackoff = b.maxBackoff;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static JdkWebhookClient ofDefaults() {
        return builder().build();
    }

    @Override
    public WebhookResult call(CanaryWebhook hook, WebhookPayload payload) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(hook.url())).timeout(hook.timeoutOrDefault())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(WebhookJson.toJson(payload), StandardCharsets.UTF_8)).build();
        } catch (IllegalArgumentException e) {
            return new WebhookResult.Unreachable("invalid webhook url \"" + withoutSecrets(hook.url()) + "\": "
                    + String.valueOf(e.getMessage()).replace(hook.url(), withoutSecrets(hook.url())));
        }
        HttpClient http = hook.tlsVerificationDisabled() ? insecureClient : client;
        int attempts = hook.retriesOrZero() + 1;
        WebhookResult last = new WebhookResult.Unreachable("not called");
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !pause(attempt - 1)) {
                break;
            }
            last = attempt(http, request);
            if (!shouldRetry(last)) {
                return last;
            }
            LOG.warn("webhook {} attempt {}/{} failed: {}", hook.name(), attempt, attempts, last.message());
        }
        if (last instanceof WebhookResult.Unreachable unreachable && attempts > 1) {
            return new WebhookResult.Unreachable("giving up after " + attempts + " attempt(s): " + unreachable.error());
        }
        return last;
    }

    private static WebhookResult attempt(HttpClient http, HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = response.body() == null ? "" : response.body();
            return new WebhookResult.Answered(response.statusCode(),
                    body.length() > MAX_BODY_IN_MESSAGE ? body.substring(0, MAX_BODY_IN_MESSAGE) + "…" : body);
        } catch (IOException e) {
            return new WebhookResult.Unreachable(describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WebhookResult.Unreachable("interrupted");
        }
    }

    /** go-retryablehttp's default policy, which Flagger relies on. */
    private static boolean shouldRetry(WebhookResult result) {
        if (result instanceof WebhookResult.Answered answered) {
            int status = answered.status();
            return status == 429 || (status >= 500 && status != 501);
        }
        return true;
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

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    /** Configures the client. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration backoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);

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

        public JdkWebhookClient build() {
            return new JdkWebhookClient(this);
        }
    }

    /** The URL as it may be logged: no user information, no query (either can hold a token). */
    static String withoutSecrets(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1").replaceFirst("[?#].*$", "");
    }
}
