package io.canarykit.demo.operator;

import io.canarykit.api.spi.Routes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The routing object of one tick as the API server stores it: the split it routes, a short text
 * for the tick line ({@code HTTPRoute web-primary=90 web-canary=10}, empty when there is nothing to
 * show) and its entries for the JSON output under {@code jsonKey} (absent when the key is empty).
 * Entry values are numbers (weights) or strings (annotations).
 */
record RoutingView(Routes split, String text, String jsonKey, Map<String, Object> json) {

    RoutingView {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(jsonKey, "jsonKey");
        json = Collections.unmodifiableMap(new LinkedHashMap<>(json));
    }

    /** Only a split: providers with no routing object of their own. */
    static RoutingView of(Routes split) {
        return new RoutingView(split, "", "", Map.of());
    }
}
