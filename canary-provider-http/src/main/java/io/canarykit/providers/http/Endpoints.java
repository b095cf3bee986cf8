package io.canarykit.providers.http;

import io.canarykit.api.Redaction;
import okhttp3.HttpUrl;

/** Parsing and printing backend addresses. */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * {@code address} (or {@code fallback} when blank) as an http(s) URL.
     *
     * @throws IllegalArgumentException when it is not one; the message hides any user info
     */
    public static HttpUrl parse(String type, String address) {
        HttpUrl url = HttpUrl.parse(address.strip());
        if (url == null) {
            throw new IllegalArgumentException("invalid " + type + " address '" + redactedText(address) + "'");
        }
        return url;
    }

    /** An address for messages and breaker names: without user info, query or fragment. */
    public static String redacted(HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    }

    private static String redactedText(String address) {
        int at = address.lastIndexOf('@');
        // Everything up to the last '@' may be user info even without a scheme; the query may hold a token.
        return Redaction.url(at < 0 ? address : "***@" + address.substring(at + 1));
    }
}
