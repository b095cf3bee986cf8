package io.canarykit.api.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code service.corsPolicy}. */
public record CorsPolicy(
        List<String> allowOrigin,
        List<StringMatch> allowOrigins,
        List<String> allowMethods,
        List<String> allowHeaders,
        List<String> exposeHeaders,
        @Nullable String maxAge,
        @Nullable Boolean allowCredentials) {

    public CorsPolicy {
        allowOrigin = Copies.list(allowOrigin);
        allowOrigins = Copies.list(allowOrigins);
        allowMethods = Copies.list(allowMethods);
        allowHeaders = Copies.list(allowHeaders);
        exposeHeaders = Copies.list(exposeHeaders);
    }
}
