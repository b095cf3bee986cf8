package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventType;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
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

    @Test
    void anEventNamesTheCanaryItIsAboutWithItsUidAndCarriesTheTextAsWritten() {
        MutableClock clock = MutableClock.atEpochOfTests();
        KubernetesCaches caches = KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER);
        GenericKubernetesResource canary = K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(Fixtures.canary("", "    iterations: 5"), CanaryApiGroup.FLAGGER)).create();
        String message = "Halt advancement \"p99\" 510 > 500\n\ttab, back\\slash, \u00e9t\u00e9 \u2713 \u0001";
        KubernetesEventSink sink = KubernetesEventSink.of(caches, clock, "canarykit", Duration.ofMinutes(10));

        sink.record(new CanaryEvent(Fixtures.NS, "podinfo", EventType.WARNING, CanaryEvent.REASON_SYNCED, message,
                clock.instant(), null));

        assertThat(K8S.client().v1().events().inNamespace(Fixtures.NS).list().getItems()).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getReason()).isEqualTo("Synced");
            assertThat(e.getCount()).isEqualTo(1);
            assertThat(e.getSource().getComponent()).isEqualTo("canarykit");
            assertThat(e.getFirstTimestamp()).isEqualTo(clock.instant().toString()).isEqualTo(e.getLastTimestamp());
            assertThat(e.getMetadata().getName()).startsWith("podinfo.");
            assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("flagger.app/v1beta1");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Canary");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("podinfo");
            assertThat(e.getInvolvedObject().getNamespace()).isEqualTo(Fixtures.NS);
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(canary.getMetadata().getUid()).isNotBlank();
            assertThat(e.getInvolvedObject().getResourceVersion()).isEqualTo(canary.getMetadata().getResourceVersion());
        });
    }

    @Test
    void anEventTheServerRefusesIsLoggedAndTheNextOneIsStillWritten() {
        MutableClock clock = MutableClock.atEpochOfTests();
        KubernetesEventSink sink = KubernetesEventSink.of(KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER), clock);
        K8S.server().expect().post().withPath("/api/v1/namespaces/refusing/events").andReturn(500, "etcd unavailable").always();

        sink.record(new CanaryEvent("refusing", "podinfo", EventType.NORMAL, CanaryEvent.REASON_SYNCED, "lost", clock.instant(), null));
        sink.record(new CanaryEvent("default", "podinfo", EventType.NORMAL, CanaryEvent.REASON_SYNCED, "kept", clock.instant(), null));

        assertThat(K8S.client().v1().events().inNamespace("default").list().getItems())
                .extracting(io.fabric8.kubernetes.api.model.Event::getMessage).containsExactly("kept");
        assertThat(K8S.client().v1().events().inNamespace("refusing").list().getItems()).isEmpty();
    }
}
