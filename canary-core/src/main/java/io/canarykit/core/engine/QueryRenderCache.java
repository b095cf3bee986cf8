package io.canarykit.core.engine;

import io.canarykit.api.spi.QueryQuoting;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Renders queries once per template and set of values: a steady canary renders the same queries
 * every tick. The key is the template text, the language and every variable but {@code elapsed}, so
 * a change of the canary's spec (a variable, the interval, the target) or of the template renders
 * afresh; {@code elapsed}, which changes every tick, is put in at each rendering.
 */
final class QueryRenderCache {

    /**
     * One entry per metric of every analysing canary (a few hundred bytes each): 65,536 hold a fleet of
     * 30,000 canaries with two metrics. Past it the cache starts over rather than growing without
     * bound; at 4,096 a fleet of 10,000 re-rendered on almost every tick (9.3 µs of CPU per tick).
     */
    private static final int MAX_CACHED = 65_536;

    private final Map<Key, BoundQuery> bound = new ConcurrentHashMap<>();

    TemplateRenderer.Rendered render(String template, QueryQuoting quoting, TemplateVariables vars) {
        return render(template, quoting, vars, null);
    }

    /**
     * As {@link #render(String, QueryQuoting, TemplateVariables)}, with {@code {{ elapsed }}} the time
     * {@code elapsed} when present (formatted only if the template uses it), else {@code vars.elapsed()}.
     */
    TemplateRenderer.Rendered render(String template, QueryQuoting quoting, TemplateVariables vars, @Nullable Duration elapsed) {
        Key key = new Key(template, quoting, vars);
        BoundQuery query = bound.get(key);
        if (query == null) {
            if (bound.size() >= MAX_CACHED) {
                bound.clear();
            }
            query = CompiledTemplate.compile(template, quoting).bind(vars);
            bound.put(key, query);
        }
        if (!query.usesElapsed()) {
            return query.render("");
        }
        return query.render(elapsed == null ? vars.elapsed() : TemplateVariables.elapsedText(elapsed));
    }

    /** The template, the language and the variables without {@code elapsed}. */
    private static final class Key {
        private final String template;
        private final QueryQuoting quoting;
        private final TemplateVariables vars;
        private final int hash;

        Key(String template, QueryQuoting quoting, TemplateVariables vars) {
            this.template = template;
            this.quoting = quoting;
            this.vars = vars;
            // By hand: Objects.hash would allocate its varargs array on every lookup.
            int h = template.hashCode();
            h = 31 * h + quoting.language().hashCode();
            h = 31 * h + vars.name().hashCode();
            h = 31 * h + vars.namespace().hashCode();
            h = 31 * h + vars.target().hashCode();
            h = 31 * h + vars.service().hashCode();
            h = 31 * h + vars.ingress().hashCode();
            h = 31 * h + vars.route().hashCode();
            h = 31 * h + vars.interval().hashCode();
            this.hash = 31 * h + vars.variables().hashCode();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key other)) {
                return false;
            }
            TemplateVariables a = vars;
            TemplateVariables b = other.vars;
            return hash == other.hash && template.equals(other.template) && quoting.equals(other.quoting) && a.name().equals(b.name())
                    && a.namespace().equals(b.namespace()) && a.target().equals(b.target()) && a.service().equals(b.service())
                    && a.ingress().equals(b.ingress()) && a.route().equals(b.route()) && a.interval().equals(b.interval())
                    && a.variables().equals(b.variables());
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
