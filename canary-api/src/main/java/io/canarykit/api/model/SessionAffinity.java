package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/** {@code analysis.sessionAffinity}: sticky canary sessions through a cookie. */
public record SessionAffinity(
        String cookieName,
        @Nullable String primaryCookieName,
        @Nullable String domain,
        @Nullable Boolean httpOnly,
        @Nullable Integer maxAge,
        @Nullable Boolean partitioned,
        @Nullable String path,
        @Nullable String sameSite,
        @Nullable Boolean secure) {

    public static final int DEFAULT_MAX_AGE_SECONDS = 86_400;

    public SessionAffinity {
        cookieName = Copies.text(cookieName);
    }

    /** Cookie max age in seconds: 86400 when unset or zero. */
    public int maxAgeOrDefault() {
        return maxAge == null || maxAge == 0 ? DEFAULT_MAX_AGE_SECONDS : maxAge;
    }
}
