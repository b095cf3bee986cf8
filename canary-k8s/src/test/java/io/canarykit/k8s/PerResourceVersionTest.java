package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PerResourceVersionTest {

    private final AtomicInteger derivations = new AtomicInteger();
    private final PerResourceVersion<ConfigMap, String> values = new PerResourceVersion<>(map -> {
        derivations.incrementAndGet();
        return map.getData().get("k");
    });

    @Test
    void derivesOncePerVersionOfAnObjectAndAgainWhenItChanges() {
        assertThat(values.of(map("web", "7", "a"))).isEqualTo("a");
        assertThat(values.of(map("web", "7", "a"))).isEqualTo("a");
        assertThat(derivations).hasValue(1);

        assertThat(values.of(map("web", "8", "b"))).isEqualTo("b");
        assertThat(values.of(map("api", "8", "c"))).as("another object, whatever its version").isEqualTo("c");
        assertThat(derivations).hasValue(3);
    }

    @Test
    void anObjectWithoutVersionOrForgottenIsDerivedAgain() {
        values.of(map("web", null, "a"));
        values.of(map("web", null, "a"));
        values.of(map("web", "7", "a"));
        values.forget("prod", "web");
        values.of(map("web", "7", "a"));

        assertThat(derivations).hasValue(4);
    }

    @Test
    void aRememberedValueIsWhatItsVersionGivesUntilTheObjectChanges() {
        values.remember(map("web", "9", "ignored"), "written");

        assertThat(values.of(map("web", "9", "ignored"))).isEqualTo("written");
        assertThat(derivations).hasValue(0);
        assertThat(values.of(map("web", "10", "b"))).isEqualTo("b");
        assertThat(derivations).hasValue(1);
    }

    private static ConfigMap map(String name, String resourceVersion, String value) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace("prod").withName(name).withResourceVersion(resourceVersion)
                .endMetadata().addToData("k", value).build();
    }
}
