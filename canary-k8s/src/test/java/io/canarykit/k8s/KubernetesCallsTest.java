package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.BackendException;
import io.canarykit.api.ConflictException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubernetesCallsTest {

    private final List<String> written = new ArrayList<>();

    private static KubernetesClientException status(int code) {
        return new KubernetesClientException("the server says " + code, code, null);
    }

    @Test
    void aConflictWritesOnceMoreOnTheFreshObject() {
        KubernetesCalls.writeOnFreshAfterConflict("update service default/web", "cached-v1", () -> Optional.of("fresh-v2"), base -> {
            written.add(base);
            if (base.equals("cached-v1")) {
                throw status(409);
            }
        });

        assertThat(written).containsExactly("cached-v1", "fresh-v2");
    }

    @Test
    void aSecondConflictIsAConflictExceptionNotAnotherRetry() {
        assertThatThrownBy(() -> KubernetesCalls.writeOnFreshAfterConflict("promote default/web-primary", "v1",
                () -> Optional.of("v2"), base -> {
                    written.add(base);
                    throw status(409);
                }))
                .isInstanceOf(ConflictException.class).hasMessageStartingWith("promote default/web-primary failed: HTTP 409");
        assertThat(written).containsExactly("v1", "v2");
    }

    @Test
    void otherFailuresAreTranslatedWithoutARetry() {
        assertThatThrownBy(() -> KubernetesCalls.writeOnFreshAfterConflict("update service default/web", "v1",
                () -> Optional.of("v2"), base -> {
                    written.add(base);
                    throw status(503);
                }))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(written).containsExactly("v1");
    }

    @Test
    void anObjectGoneAfterTheConflictIsReportedAsTheConflict() {
        assertThatThrownBy(() -> KubernetesCalls.writeOnFreshAfterConflict("write default/web-config", "v1", Optional::empty,
                base -> {
                    throw status(409);
                }))
                .isInstanceOf(ConflictException.class);
    }
}
