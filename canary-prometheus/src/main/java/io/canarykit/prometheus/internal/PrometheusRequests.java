package io.canarykit.prometheus.internal;

import io.canarykit.api.Redaction;
import io.canarykit.api.spi.MetricQuery;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/** Builds the HTTP request of an instant query ({@code /api/v1/query}). */
public final class PrometheusRequests {

    /** Above this many characters the query goes in a POST form: proxies cap URLs at a few KiB. */
    public static final int MAX_GET_QUERY_LENGTH = 1500;

    private PrometheusRequests() {
    }

    /**
     * The query's endpoint under {@code address} (which may carry a path prefix).
     *
     * @throws IllegalArgumentException when {@code address} is not an http(s) URL
     */
    public static HttpUrl endpoint(String address) {
        HttpUrl base = HttpUrl.parse(address.strip());
        if (base == null) {
            throw new IllegalArgumentException("invalid prometheus address '" + redactedText(address) + "'"
                    + io.canarykit.providers.http.Endpoints.schemeProblem(address));
        }
        return base.newBuilder().addPathSegments("api/v1/query").build();
    }

    public static Request build(HttpUrl endpoint, MetricQuery query, Map<String, List<String>> headers,
                                Credentials credentials) {
        Request.Builder request = new Request.Builder();
        String time = query.at() == null ? null : DateTimeFormatter.ISO_INSTANT.format(query.at());
        if (query.query().length() > MAX_GET_QUERY_LENGTH) {
            FormBody.Builder form = new FormBody.Builder().add("query", query.query());
            if (time != null) {
                form.add("time", time);
            }
            request.url(endpoint).post(form.build());
        } else {
            HttpUrl.Builder url = endpoint.newBuilder().addQueryParameter("query", query.query());
            if (time != null) {
                url.addQueryParameter("time", time);
            }
            request.url(url.build()).get();
        }
        headers.forEach((name, values) -> values.forEach(value -> request.addHeader(name, value)));
        credentials.apply(request);
        return request.build();
    }

    /** An address for messages: without user info, query or fragment. */
    public static String redacted(HttpUrl url) {
        return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    }

    // An unparseable address may still hold "user:pass@": drop everything up to the last '@'.
    private static String redactedText(String address) {
        int at = address.lastIndexOf('@');
        // Everything up to the last '@' may be user info even without a scheme; the query may hold a token.
        return Redaction.url(at < 0 ? address : "***@" + address.substring(at + 1));
    }
}
