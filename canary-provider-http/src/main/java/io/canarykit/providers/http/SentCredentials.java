package io.canarykit.providers.http;

import io.canarykit.api.BackendException;
import io.canarykit.api.Redaction;
import io.canarykit.api.spi.MetricResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import okhttp3.Request;

/**
 * What a request authenticated with — its header values, its URL's user info and query values — so
 * that an error body that echoes them (a proxy, a misconfigured gateway) is masked before the
 * message reaches a log line, the circuit breaker's log or a check result.
 */
final class SentCredentials {

    /** Headers that carry no credential; masking their values would only garble messages. */
    private static final Set<String> HARMLESS = Set.of("accept", "accept-encoding", "content-type", "user-agent", "host",
            "connection", "content-length");

    private SentCredentials() {
    }

    static List<String> of(Request request) {
        List<String> sent = new ArrayList<>(Redaction.secretsOf(request.url().toString()));
        request.headers().forEach(header -> {
            if (!HARMLESS.contains(header.getFirst().toLowerCase(Locale.ROOT)) && header.getSecond().length() >= 4) {
                sent.add(header.getSecond());
                int space = header.getSecond().indexOf(' ');
                if (space > 0) {
                    sent.add(header.getSecond().substring(space + 1)); // the credential of "Bearer <token>"
                }
            }
        });
        return List.copyOf(sent);
    }

    /** Runs {@code call}, rethrowing its failure redacted (and without itself as the cause, which would print it whole). */
    static MetricResult redacting(List<String> sent, Supplier<MetricResult> call) {
        try {
            return call.get();
        } catch (BackendException e) {
            throw new BackendException(e.backend(), Redaction.text(e.getMessage(), sent), e.retryable(), e.getCause());
        }
    }

    static MetricResult redact(List<String> sent, MetricResult result) {
        if (result instanceof MetricResult.Failure failure) {
            return MetricResult.failure(Redaction.text(failure.message(), sent), failure.retryable());
        }
        if (result instanceof MetricResult.NoData noData) {
            return MetricResult.noData(Redaction.text(noData.reason(), sent));
        }
        return result;
    }
}
