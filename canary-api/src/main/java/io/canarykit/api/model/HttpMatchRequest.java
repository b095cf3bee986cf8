package io.canarykit.api.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request match ({@code service.match[]}, {@code analysis.match[]}) in Istio's
 * {@code HTTPMatchRequest} shape, as Flagger defines it.
 */
public record HttpMatchRequest(
        @Nullable String name,
        @Nullable StringMatch uri,
        @Nullable StringMatch scheme,
        @Nullable StringMatch method,
        @Nullable StringMatch authority,
        Map<String, StringMatch> headers,
        @Nullable Integer port,
        Map<String, String> sourceLabels,
        List<String> gateways,
        Map<String, StringMatch> queryParams,
        @Nullable Boolean ignoreUriCase,
        Map<String, StringMatch> withoutHeaders,
        @Nullable String sourceNamespace) {

    public HttpMatchRequest {
        headers = Copies.map(headers);
        sourceLabels = Copies.map(sourceLabels);
        gateways = Copies.list(gateways);
        queryParams = Copies.map(queryParams);
        withoutHeaders = Copies.map(withoutHeaders);
    }

    /** A match on request headers only, the common A/B case. */
    public static HttpMatchRequest headers(Map<String, StringMatch> headers) {
        return new HttpMatchRequest(null, null, null, null, null, headers, null, null, null, null, null, null, null);
    }
}
