package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.ConflictException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoreAndCountsTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private final MutableClock clock = MutableClock.atEpochOfTests();

    private Canary create(KubernetesCaches caches) {
        K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(Fixtures.canary("", "    iterations: 5"), CanaryApiGroup.FLAGGER)).create();
        KubernetesCanaryStore store = KubernetesCanaryStore.of(caches);
        // With informer caches the new Canary shows up once the watch has delivered it.
        await().until(() -> store.canary(Fixtures.NS, "podinfo").isPresent());
        return store.canary(Fixtures.NS, "podinfo").orElseThrow();
    }

    @Test
    void conflictOnSpecChangeRetriesOnTheNewVersion() {
        KubernetesCaches caches = KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER);
        KubernetesCanaryStore store = KubernetesCanaryStore.of(caches);
        Canary canary = create(caches);
        // The mock does not check resourceVersion on /status: script the 409 a real server sends.
        K8S.server().expect().put().withPath("/apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo/status")
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}").once();

        Canary written = store.updateStatus(canary, canary.status().toBuilder().phase(CanaryPhase.INITIALIZED).build());

        assertThat(written.status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        assertThat(store.canary(Fixtures.NS, "podinfo").orElseThrow().status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
    }

    @Test
    void aCanaryIsDecodedOncePerResourceVersionAndItsOwnWriteIsWhatTheNextReadReturns() {
        KubernetesCaches caches = KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER);
        KubernetesCanaryStore store = KubernetesCanaryStore.of(caches);
        create(caches);
        Canary canary = store.canary(Fixtures.NS, "podinfo").orElseThrow();
        assertThat(store.canary(Fixtures.NS, "podinfo").orElseThrow()).as("the same version, not decoded again").isSameAs(canary);

        Canary written = store.updateStatus(canary, canary.status().toBuilder().phase(CanaryPhase.INITIALIZED).build());

        Canary read = store.canary(Fixtures.NS, "podinfo").orElseThrow();
        assertThat(read.metadata().resourceVersion()).isNotEqualTo(canary.metadata().resourceVersion());
        assertThat(read).as("the write's answer, decoded once").isSameAs(written);
        assertThat(read.status().phase()).isEqualTo(CanaryPhase.INITIALIZED);

        K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(Fixtures.NS).withName("podinfo").delete();
        await().until(() -> store.canary(Fixtures.NS, "podinfo").isEmpty());
    }

    @Test
    void aStatusWriteSendsTheStatusAloneAndAnswersWhatDecodingTheStoredCanaryGives() {
        KubernetesCaches caches = KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER);
        KubernetesCanaryStore store = KubernetesCanaryStore.of(caches);
        Canary canary = create(caches);
        GenericKubernetesResource before = K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .inNamespace(Fixtures.NS).withName("podinfo").get();
        // Answer as a real server's status subresource does: the stored object with the sent status, a new resourceVersion.
        List<Map<?, ?>> bodies = new ArrayList<>();
        K8S.server().expect().put().withPath("/apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo/status")
                .andReply(200, request -> {
                    Map<?, ?> body = K8S.client().getKubernetesSerialization().unmarshal(request.getUtf8Body(), Map.class);
                    bodies.add(body);
                    return storedWith(before, body.get("status"));
                }).once();

        Canary written = store.updateStatus(canary, canary.status().toBuilder().phase(CanaryPhase.PROGRESSING).iterations(3)
                .lastTransitionTime(Instant.parse("2026-01-02T03:04:05.123456789Z")).build());

        assertThat(bodies).hasSize(1);
        assertThat(new TreeSet<Object>(bodies.get(0).keySet())).as("the status subresource takes the rest from the stored object")
                .containsExactly("apiVersion", "kind", "metadata", "status");
        assertThat(((Map<?, ?>) bodies.get(0).get("metadata")).get("resourceVersion")).isEqualTo(canary.metadata().resourceVersion());
        assertThat(written).as("what decoding the stored object gives")
                .isEqualTo(CanaryResources.toCanary(storedWith(before, bodies.get(0).get("status"))));
        assertThat(written.status().iterations()).isEqualTo(3);
    }

    /** {@code before} as the server stores it after a status write of {@code status}. */
    private static GenericKubernetesResource storedWith(GenericKubernetesResource before, Object status) {
        GenericKubernetesResource stored = K8S.client().getKubernetesSerialization().clone(before);
        stored.getMetadata().setResourceVersion("4243");
        stored.setAdditionalProperty("status", status);
        return stored;
    }

    @Test
    void aStatusTheServerStoredDifferentlyIsReadFromItsAnswer() {
        KubernetesCaches caches = KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER);
        KubernetesCanaryStore store = KubernetesCanaryStore.of(caches);
        Canary canary = create(caches);
        // A server whose schema pruned a field we sent: here it answers another phase than the one written.
        GenericKubernetesResource answer = K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .inNamespace(Fixtures.NS).withName("podinfo").get();
        answer.getMetadata().setResourceVersion("4242");
        answer.setAdditionalProperty("status", Map.of("phase", "Waiting"));
        K8S.server().expect().put().withPath("/apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo/status")
                .andReturn(200, answer).once();

        Canary written = store.updateStatus(canary, canary.status().toBuilder().phase(CanaryPhase.PROGRESSING).build());

        assertThat(written.status().phase()).isEqualTo(CanaryPhase.WAITING);
        assertThat(written.metadata().resourceVersion()).isEqualTo("4242");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMetricTemplateIsDecodedOncePerVersionAndForgottenWhenDeleted() {
        KubernetesCaches caches = KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER);
        KubernetesCanaryStore store = KubernetesCanaryStore.of(caches);
        var templates = K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.metricTemplates()).inNamespace(Fixtures.NS);
        templates.resource(CanaryResources.toResource(template("sum(rate(errors[1m]))"), CanaryApiGroup.FLAGGER)).create();

        MetricTemplate first = store.metricTemplate(Fixtures.NS, "errors").orElseThrow();
        assertThat(store.metricTemplate(Fixtures.NS, "errors").orElseThrow()).as("the same version, not decoded again").isSameAs(first);

        GenericKubernetesResource edited = templates.withName("errors").get();
        ((Map<String, Object>) edited.getAdditionalProperties().get("spec")).put("query", "sum(rate(failures[1m]))");
        templates.resource(edited).update();
        assertThat(store.metricTemplate(Fixtures.NS, "errors").orElseThrow().spec().query()).isEqualTo("sum(rate(failures[1m]))");

        templates.withName("errors").delete();
        assertThat(store.metricTemplate(Fixtures.NS, "errors")).isEmpty();
    }

    private static MetricTemplate template(String query) {
        return (MetricTemplate) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata:
                  name: errors
                  namespace: default
                spec:
                  provider:
                    type: prometheus
                    address: http://prometheus:9090
                  query: %s
                """.formatted(query), "fixture").resourcesOrThrow().get(0);
    }

    @Test
    void conflictWithAnotherStatusWriterIsNotOverwritten() {
        KubernetesCaches caches = KubernetesCaches.direct(K8S.client(), CanaryApiGroup.FLAGGER);
        KubernetesCanaryStore store = KubernetesCanaryStore.of(caches);
        Canary canary = create(caches);
        store.updateStatus(canary, canary.status().toBuilder().phase(CanaryPhase.PROGRESSING).build());
        K8S.server().expect().put().withPath("/apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo/status")
                .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}").once();

        assertThatThrownBy(() -> store.updateStatus(canary, canary.status().toBuilder().phase(CanaryPhase.FAILED).build()))
                .isInstanceOf(ConflictException.class);
        assertThat(store.canary(Fixtures.NS, "podinfo").orElseThrow().status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
    }

    @Test
    void steadyIterationTickIssuesNoGetAndOneStatusWrite() {
        KubernetesClient client = K8S.client();
        Fixtures.createWorkload(client);
        try (KubernetesCaches caches = KubernetesCaches.informing(client, CanaryApiGroup.FLAGGER, Fixtures.NS)) {
            KubernetesCanaryStore store = KubernetesCanaryStore.of(caches);
            CanaryEngine engine = CanaryEngine.builder().clock(clock)
                    .trafficRouter("kubernetes", KubernetesServiceRouter.of(caches))
                    .targetController(DeploymentTargetController.builder(caches).clock(clock).build())
                    .store(store).eventSink(KubernetesEventSink.of(caches, clock)).build();
            await().until(caches::hasSynced);
            create(caches);
            Canary canary = null;
            for (int i = 0; i < 8; i++) {
                await().until(() -> store.canary(Fixtures.NS, "podinfo").isPresent());
                canary = store.canary(Fixtures.NS, "podinfo").orElseThrow();
                TickResult result = engine.tick(canary);
                if (result.statusChanged()) {
                    canary = store.updateStatus(canary, result.status());
                    // The informer delivers asynchronously: the next tick must read this write, not the one before.
                    String written = canary.metadata().resourceVersion();
                    await().until(() -> store.canary(Fixtures.NS, "podinfo")
                            .map(c -> written.equals(c.metadata().resourceVersion())).orElse(false));
                }
                if (canary.status().isIn(CanaryPhase.INITIALIZED)) {
                    Fixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
                }
                for (String d : new String[] {"podinfo", "podinfo-primary"}) {
                    if (client.apps().deployments().inNamespace(Fixtures.NS).withName(d).get() != null) {
                        Fixtures.markReady(client, d);
                    }
                }
                clock.add(Duration.ofSeconds(10));
                if (canary.status().isIn(CanaryPhase.PROGRESSING) && canary.status().iterations() >= 2) {
                    break;
                }
            }
            assertThat(canary.status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
            String version = canary.metadata().resourceVersion();
            await().until(() -> caches.canaries().get(Fixtures.NS, "podinfo")
                    .map(r -> r.getMetadata().getResourceVersion().equals(version)).orElse(false));
            await().until(() -> caches.deployments().get(Fixtures.NS, "podinfo").map(d -> d.getStatus() != null
                    && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas())).orElse(false));
            K8S.requests().clear();

            Canary current = store.canary(Fixtures.NS, "podinfo").orElseThrow();
            TickResult result = engine.tick(current);
            store.updateStatus(current, result.status());
            RequestCounts counts = K8S.requests().drain().withoutWatches();

            assertThat(result.status().iterations()).isEqualTo(current.status().iterations() + 1);
            assertThat(counts.count("GET")).as("%s", counts).isZero();
            assertThat(counts.byPath()).as("one status write, events aside")
                    .containsEntry("PUT /apis/flagger.app/v1beta1/namespaces/default/canaries/podinfo/status", 1);
            assertThat(counts.filter(r -> !r.path().contains("/events")).writes()).as("%s", counts).isEqualTo(1);
        }
    }
}
