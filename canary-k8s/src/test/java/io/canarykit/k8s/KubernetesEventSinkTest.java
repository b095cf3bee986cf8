package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventType;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KubernetesEventSinkTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    @Test
    void repeatedEventWithinTheWindowRaisesTheCountWithOnePatch() {
        MutableClock clock = MutableClock.atEpochOfTests();
        KubernetesEventSink sink = KubernetesEventSink.of(KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER), clock);
        CanaryEvent event = new CanaryEvent("default", "podinfo", EventType.WARNING, CanaryEvent.REASON_SYNCED,
                "podinfo-primary.default not ready: waiting for rollout to finish", clock.instant(), null);
        sink.record(event);
        clock.add(Duration.ofSeconds(10));
        K8S.requests().clear();

        sink.record(event);
        RequestCounts counts = K8S.requests().drain();

        assertThat(counts.byVerb()).containsExactlyEntriesOf(Map.of("PATCH", 1));
        var events = K8S.client().v1().events().inNamespace("default").list().getItems();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getCount()).isEqualTo(2);
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("Synced");
        });

        clock.add(Duration.ofMinutes(11));
        sink.record(event);
        assertThat(K8S.client().v1().events().inNamespace("default").list().getItems()).hasSize(2);
    }
}
