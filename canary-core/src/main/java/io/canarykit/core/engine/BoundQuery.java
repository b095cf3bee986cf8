package io.canarykit.core.engine;

import io.canarykit.api.spi.QueryQuoting;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A template with every value bound except {@code elapsed}, which changes every tick: a query that
 * does not use it is a finished string, and rendering it again allocates nothing.
 */
final class BoundQuery {

    private final List<Object> parts;
    private final @Nullable QueryQuoting quoting;
    private final TemplateRenderer.@Nullable Rendered finished;
    private final String error;

    private BoundQuery(List<Object> parts, @Nullable QueryQuoting quoting, String error) {
        this.parts = parts;
        this.quoting = quoting;
        this.error = error;
        if (!error.isEmpty()) {
            this.finished = TemplateRenderer.Rendered.error(error);
        } else if (parts.size() == 1) {
            this.finished = new TemplateRenderer.Rendered((String) parts.get(0), "");
        } else {
            this.finished = null;
        }
    }

    static BoundQuery of(List<Object> parts, @Nullable QueryQuoting quoting) {
        return new BoundQuery(List.copyOf(parts), quoting, "");
    }

    static BoundQuery failed(String error) {
        return new BoundQuery(List.of(), null, error);
    }

    boolean usesElapsed() {
        return finished == null;
    }

    /** The query with {@code elapsed} (the time since the analysis started, a Go duration) put in. */
    TemplateRenderer.Rendered render(String elapsed) {
        if (finished != null) {
            return finished;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.append(text);
            } else {
                String refused = ValueQuoting.put(out, (CompiledTemplate.Slot) part, elapsed, quoting);
                if (!refused.isEmpty()) {
                    return TemplateRenderer.Rendered.error(refused);
                }
            }
        }
        return new TemplateRenderer.Rendered(out.toString(), error);
    }
}
