package io.canarykit.api.spi;

import java.util.Objects;

/**
 * The query template of a builtin metric for one observer (the PromQL dialect of a mesh or ingress),
 * with template variables such as {@code {{ namespace }}}, {@code {{ target }}} and
 * {@code {{ interval }}}. {@code scale} turns the backend's answer into the threshold's unit (1000
 * for a latency in seconds compared with a range in milliseconds).
 */
public record BuiltinQuery(String observer, String template, double scale) {

    public BuiltinQuery {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(template, "template");
    }
}
