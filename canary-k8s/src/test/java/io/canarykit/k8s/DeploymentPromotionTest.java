package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.core.engine.CanaryEngine;
import io.canarykit.core.engine.TickResult;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Deployment cases the scheduler tests leave out: Secrets promoted to {@code -primary} with
 * Flagger's checksums, the primary HPA of {@code autoscalerRef}, and {@code unmanagedMetadata} on
 * the generated Services; through the real engine against the CRUD mock.
 */
class DeploymentPromotionTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final String HPA_REF = String.join("\n",
            "  autoscalerRef:",
            "    apiVersion: autoscaling/v2",
            "    kind: HorizontalPodAutoscaler",
            "    name: podinfo");

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final List<CanaryPhase> phases = new ArrayList<>();
    private KubernetesClient client;
    private KubernetesCanaryStore store;
    private CanaryEngine engine;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        KubernetesCaches caches = KubernetesCaches.direct(client, CanaryApiGroup.FLAGGER);
        store = KubernetesCanaryStore.of(caches);
        engine = CanaryEngine.builder().clock(clock).trafficRouter("kubernetes", KubernetesServiceRouter.of(caches))
                .targetController(TargetControllers.ofDefaults(caches, clock)).store(store)
                .eventSink(KubernetesEventSink.of(caches, clock)).build();
        Fixtures.createWorkload(client);
    }

    private Canary tick() {
        Canary canary = store.canary(Fixtures.NS, "podinfo").orElseThrow();
        TickResult result = engine.tick(canary);
        clock.add(Duration.ofSeconds(10));
        if (result.statusChanged()) {
            canary = store.updateStatus(canary, result.status());
        }
        phases.add(canary.status().phase());
        return canary;
    }

    private Canary initialize(Canary canary) {
        client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries())
                .resource(CanaryResources.toResource(canary, CanaryApiGroup.FLAGGER)).create();
        tick();
        Fixtures.markReady(client, "podinfo-primary");
        Canary initialized = tick();
        assertThat(initialized.status().phase()).isEqualTo(CanaryPhase.INITIALIZED);
        return initialized;
    }

    private Canary runToSucceeded() {
        Canary canary = tick();
        for (int i = 0; i < 10 && canary.status().phase() != CanaryPhase.SUCCEEDED; i++) {
            Fixtures.markReady(client, "podinfo");
            Fixtures.markReady(client, "podinfo-primary");
            canary = tick();
        }
        assertThat(phases).containsSubsequence(CanaryPhase.PROGRESSING, CanaryPhase.PROMOTING, CanaryPhase.FINALISING,
                CanaryPhase.SUCCEEDED);
        return canary;
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(Fixtures.NS).withName(name).get();
    }

    private HorizontalPodAutoscaler hpa(String name) {
        return client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(Fixtures.NS).withName(name).get();
    }

    private Service service(String name) {
        return client.services().inNamespace(Fixtures.NS).withName(name).get();
    }

    /** Flagger's checksum, computed here from the literal JSON: the first 8 bytes of its SHA-256 in hex. */
    private static String checksum(String json) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    @Test
    void promotionCopiesSecretsToPrimaryWithFlaggerChecksums() throws Exception {
        Canary initialized = initialize(Fixtures.canary("", "    iterations: 1"));
        assertThat(initialized.status().trackedConfigs()).isEqualTo(Map.of(
                "configmap/podinfo-config-env", checksum("{\"color\":\"red\"}"),
                "secret/podinfo-secret-env", checksum("{\"apiKey\":\"c2VjcmV0\"}")));
        var secret = client.secrets().inNamespace(Fixtures.NS).withName("podinfo-secret-env").get();
        secret.setData(Map.of("apiKey", "bmV3"));
        client.secrets().resource(secret).update();

        Canary done = runToSucceeded();

        var primarySecret = client.secrets().inNamespace(Fixtures.NS).withName("podinfo-secret-env-primary").get();
        assertThat(primarySecret.getData()).isEqualTo(Map.of("apiKey", "bmV3"));
        assertThat(primarySecret.getType()).isEqualTo("Opaque");
        assertThat(primarySecret.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Canary"));
        assertThat(done.status().trackedConfigs()).containsEntry("secret/podinfo-secret-env", checksum("{\"apiKey\":\"bmV3\"}"));
        assertThat(deployment("podinfo-primary").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().get(1)
                .getValueFrom().getSecretKeyRef().getName()).isEqualTo("podinfo-secret-env-primary");
    }

    @Test
    void primaryHpaIsCreatedAtInitAndUpdatedOnPromotionAndScaleFromZeroUsesMinReplicas() {
        ServedAutoscaling.versions(K8S.server(), ServedAutoscaling.KUBERNETES_1_23);
        client.autoscaling().v2().horizontalPodAutoscalers().resource(new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(Fixtures.NS).endMetadata()
                .withNewSpec().withMinReplicas(2).withMaxReplicas(4)
                .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment").withName("podinfo").endScaleTargetRef()
                .endSpec().build()).create();
        initialize(Fixtures.canary(HPA_REF, "    iterations: 1"));
        HorizontalPodAutoscaler primary = hpa("podinfo-primary");
        assertThat(primary.getSpec().getScaleTargetRef().getName()).isEqualTo("podinfo-primary");
        assertThat(primary.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(primary.getSpec().getMaxReplicas()).isEqualTo(4);
        assertThat(deployment("podinfo").getSpec().getReplicas()).isZero();

        HorizontalPodAutoscaler target = hpa("podinfo");
        target.getSpec().setMaxReplicas(6);
        client.autoscaling().v2().horizontalPodAutoscalers().resource(target).update();
        Fixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        Canary progressing = tick();

        assertThat(progressing.status().phase()).isEqualTo(CanaryPhase.PROGRESSING);
        assertThat(deployment("podinfo").getSpec().getReplicas()).as("ScaleFromZero takes the HPA's minReplicas").isEqualTo(2);
        assertThat(hpa("podinfo-primary").getSpec().getMaxReplicas()).as("not updated before promotion").isEqualTo(4);

        runToSucceeded();

        assertThat(hpa("podinfo-primary").getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(hpa("podinfo-primary").getSpec().getScaleTargetRef().getName()).isEqualTo("podinfo-primary");
    }

    @Test
    void unmanagedMetadataKeysSurviveOnGeneratedServices() {
        initialize(Fixtures.canary(String.join("\n",
                "    unmanagedMetadata:",
                "      labels: [team]",
                "      annotations: [example.com/note]"), "    iterations: 1"));
        Service apex = service("podinfo");
        apex.getMetadata().getLabels().put("team", "payments");
        apex.getMetadata().getLabels().put("stray", "x");
        apex.getMetadata().getAnnotations().put("example.com/note", "hands off");
        apex.getMetadata().getAnnotations().put("example.com/other", "y");
        client.services().resource(apex).update();

        tick();

        Service repaired = service("podinfo");
        assertThat(repaired.getMetadata().getLabels()).containsEntry("team", "payments").doesNotContainKey("stray");
        assertThat(repaired.getMetadata().getAnnotations()).containsEntry("example.com/note", "hands off")
                .doesNotContainKey("example.com/other").containsEntry("kustomize.toolkit.fluxcd.io/reconcile", "disabled");
    }
}
