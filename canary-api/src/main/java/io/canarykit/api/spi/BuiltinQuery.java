package io.canarykit.api.spi;

import java.util.Objects;

/**
 * The query template of a builtin metric for one observer (the PromQL dialect of a mesh or ingress),
 * with template variables such as {@code {{ namespace }}}, {@code {{ target }}} and
 * {@code {{ interval }}}. {@code scale} turns the backend's answer into the threshold's unit (1000
 * for a latency in seconds compared with a range in milliseconds). {@code wordCharactersOnly} asks
 * the renderer to replace every non-word character of {@code namespace}, {@code ingress} and
 * {@code service} with {@code _} first, as the observer's metric labels spell them (Skipper).
 */
public record BuiltinQuery(String observer, String template, double scale, boolean wordCharactersOnly) {

    public BuiltinQuery {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(template, "template");
    }

    public BuiltinQuery(String observer, String template, double scale) {
        this(observer, template, scale, false);
    }
}
