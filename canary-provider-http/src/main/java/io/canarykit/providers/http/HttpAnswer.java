package io.canarykit.providers.http;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An HTTP answer as a response mapper sees it: status, body and the headers it may need (lower-case names). */
public record HttpAnswer(int status, String body, Map<String, String> headers) {

    public HttpAnswer {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
