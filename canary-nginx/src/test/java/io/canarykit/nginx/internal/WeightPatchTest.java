package io.canarykit.nginx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightPatchTest {

    @Test
    void testsTheOldValueAndReplacesItUnderTheEscapedAnnotationPointer() {
        String patch = WeightPatch.of("nginx.ingress.kubernetes.io/canary-weight", "10", "20");

        assertThat(parse(patch)).containsExactly(
                Map.of("op", "test", "path", "/metadata/annotations/nginx.ingress.kubernetes.io~1canary-weight", "value", "10"),
                Map.of("op", "replace", "path", "/metadata/annotations/nginx.ingress.kubernetes.io~1canary-weight", "value", "20"));
    }

    @Test
    void aHandEditedOldValueStaysValidJson() {
        String patch = WeightPatch.of("a~b/c", "1\"0\\\n", "20");

        assertThat(parse(patch).get(0)).containsEntry("value", "1\"0\\\n").containsEntry("path", "/metadata/annotations/a~0b~1c");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String json) {
        return new KubernetesSerialization().unmarshal(json, List.class);
    }
}
