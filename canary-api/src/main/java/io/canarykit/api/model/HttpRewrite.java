package io.canarykit.api.model;

import org.jspecify.annotations.Nullable;

/** {@code service.rewrite}: URI / authority rewrite; {@code type: ReplacePrefixMatch} or full path. */
public record HttpRewrite(@Nullable String uri, @Nullable String authority, @Nullable String type) {

    public static final String REPLACE_PREFIX_MATCH = "ReplacePrefixMatch";
}
