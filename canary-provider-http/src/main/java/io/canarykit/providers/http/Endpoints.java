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
            throw new IllegalArgumentException("invalid " + type + " address '" + redactedText(address) + "'" + schemeProblem(address));
        }
        return url;
    }

    /** An address for messages and breaker names: without user info, query or fragment. */
    public static String redacted(HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    }

    /** ": scheme 'ftp' is not allowed: ..." when the address names a scheme other than http(s), else "". */
    public static String schemeProblem(String address) {
        java.util.regex.Matcher scheme = java.util.regex.Pattern.compile("^\\s*([A-Za-z][A-Za-z0-9+.-]*):").matcher(address);
        if (!scheme.find()) {
            return "";
        }
        return io.canarykit.api.spi.AddressPolicy.refusalOfScheme(scheme.group(1)).map(reason -> ": " + reason).orElse("");
    }

    private static String redactedText(String address) {
        int at = address.lastIndexOf('@');
        // Everything up to the last '@' may be user info even without a scheme; the query may hold a token.
        return Redaction.url(at < 0 ? address : "***@" + address.substring(at + 1));
    }
}
