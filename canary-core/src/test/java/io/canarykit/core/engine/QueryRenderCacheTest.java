package io.canarykit.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.QueryQuoting;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryRenderCacheTest {

    private final QueryRenderCache cache = new QueryRenderCache();

    private static TemplateVariables vars(String target, Map<String, String> variables, String elapsed) {
        return new TemplateVariables("web", "prod", target, "web", "web", "web", "1m", variables, elapsed);
    }

    @Test
    void theSameTemplateAndValuesRenderOnceAndTheSameQueryComesBack() {
        String template = "errors{pod=~\"{{ target }}-.*\",app=\"{{ variables.app }}\"}[{{ interval }}]";

        String first = cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of("app", "shop"), "1m")).query();
        String second = cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of("app", "shop"), "2m")).query();

        assertThat(first).isEqualTo("errors{pod=~\"web-.*\",app=\"shop\"}[1m]");
        // Without {{ elapsed }} in the template, nothing is rendered again: the very same string.
        assertThat(second).isSameAs(first);
    }

    @Test
    void aChangedTemplateOrValueRendersAfresh() {
        String template = "errors{pod=~\"{{ target }}-.*\",app=\"{{ variables.app }}\"}";
        cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of("app", "shop"), "1m"));

        assertThat(cache.render(template, QueryQuoting.PROMQL, vars("web-primary", Map.of("app", "shop"), "1m")).query())
                .isEqualTo("errors{pod=~\"web-primary-.*\",app=\"shop\"}");
        assertThat(cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of("app", "cart"), "1m")).query())
                .isEqualTo("errors{pod=~\"web-.*\",app=\"cart\"}");
        assertThat(cache.render(template + " > 0", QueryQuoting.PROMQL, vars("web", Map.of("app", "shop"), "1m")).query())
                .isEqualTo("errors{pod=~\"web-.*\",app=\"shop\"} > 0");
        assertThat(cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of("app", "shop\""), "1m")).query())
                .isEqualTo("errors{pod=~\"web-.*\",app=\"shop\\\"\"}");
    }

    @Test
    void elapsedIsPutInAtEveryRendering() {
        String template = "increase(errors{app=\"{{ target }}\"}[{{ elapsed }}])";

        assertThat(cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of(), "1m")).query())
                .isEqualTo("increase(errors{app=\"web\"}[1m])");
        assertThat(cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of(), "2m30s")).query())
                .isEqualTo("increase(errors{app=\"web\"}[2m30s])");
    }

    @Test
    void aRefusalIsCachedLikeARenderingAndStaysARefusal() {
        String template = "errors > {{ variables.limit }}";

        for (int i = 0; i < 2; i++) {
            TemplateRenderer.Rendered rendered = cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of("limit", "0 or up"), "1m"));
            assertThat(rendered.ok()).isFalse();
            assertThat(rendered.error()).startsWith("{{ variables.limit }} is \"0 or up\"");
        }
        assertThat(cache.render(template, QueryQuoting.PROMQL, vars("web", Map.of("limit", "5"), "1m")).query()).isEqualTo("errors > 5");
    }
}
