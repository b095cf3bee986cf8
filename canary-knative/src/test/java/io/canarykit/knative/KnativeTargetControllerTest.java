package io.canarykit.knative;

import static io.canarykit.knative.KnativeFixtures.NS;
import static io.canarykit.knative.KnativeFixtures.annotations;
import static io.canarykit.knative.KnativeFixtures.traffic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Flagger's {@code pkg/canary/knative_controller_test.go} cases, readiness and the progress deadline, on the CRUD mock. */
class KnativeTargetControllerTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(KnativeFixtures.crds());

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final Canary canary = KnativeFixtures.canary();
    private KubernetesClient client;
    private FakeKnativeServing serving;
    private KnativeTargetController target;
    private KnativeTrafficRouter router;

    @BeforeEach
    void setUp() {
        client = K8S.client();
        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).resource(KnativeFixtures.service()).create();
        serving = new FakeKnativeServing(client, clock);
        serving.reconcile(NS, "podinfo");
        target = KnativeTargetController.direct(client, clock);
        router = KnativeTrafficRouter.direct(client);
    }

    /** TestKnativeController_Promote, on a running split: the latest revision becomes the primary, the split stays. */
    @Test
    void promoteMakesTheLatestCreatedRevisionThePrimary() {
        target.initialize(canary);
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(50));
        KnativeFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        serving.reconcile(NS, "podinfo");

        target.promote(canary);

        assertThat(annotations(client)).containsEntry("flagger.app/primary-revision", "podinfo-00002");
        assertThat(traffic(client)).containsExactly(Map.of("latestRevision", true, "percent", 50),
                Map.of("revisionName", "podinfo-00002", "latestRevision", false, "percent", 50));
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(50));
    }

    /**
     * TestKnativeController_Initialize. In CanaryKit the router's first reconcile makes the latest
     * revision the primary (one patch); outside initialization nothing is overwritten.
     */
    @Test
    void initializationMakesTheLatestRevisionThePrimaryOnlyWhileInitializing() {
        Canary promoting = canary.withStatus(canary.status().toBuilder().phase(CanaryPhase.PROMOTING).build());
        target.initialize(promoting);
        assertThat(annotations(client)).as("initialize writes nothing").doesNotContainKey("flagger.app/primary-revision");

        Canary initializing = canary.withStatus(canary.status().toBuilder().phase(CanaryPhase.INITIALIZING).build());
        target.initialize(initializing);
        router.reconcile(initializing);

        assertThat(annotations(client)).containsEntry("flagger.app/primary-revision", "podinfo-00001");
        assertThat(traffic(client)).containsExactly(Map.of("latestRevision", true, "percent", 0),
                Map.of("revisionName", "podinfo-00001", "latestRevision", false, "percent", 100));
    }

    /** TestKnativeController_HasTargetChanged: a new template is a new revision; traffic writes are not. */
    @Test
    void aNewTemplateIsATargetChangeButTrafficWritesAreNot() {
        router.reconcile(canary);
        TargetRevision before = target.revision(canary);
        Canary recorded = canary.withStatus(canary.status().toBuilder().phase(CanaryPhase.INITIALIZED)
                .lastAppliedSpec(before.specHash()).lastPromotedSpec(before.specHash()).build());
        router.setRoutes(recorded, Routes.canaryWeight(10));
        assertThat(target.hasTargetChanged(recorded)).isFalse();
        assertThat(target.revision(canary).trackedConfigs()).as("no config tracking, as Flagger").isEmpty();

        KnativeFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");

        assertThat(target.hasTargetChanged(recorded)).isTrue();
        assertThat(TargetRevision.isOwnHash(target.revision(canary).specHash())).isTrue();
        assertThat(target.canaryRevision(canary)).as("until Knative creates the revision").contains("podinfo-00001");
        serving.reconcile(NS, "podinfo");
        assertThat(target.canaryRevision(canary)).contains("podinfo-00002");
    }

    @Test
    void theCanaryIsReadyOnlyOnceKnativeReconciledTheTemplateAndItsRevisionIsReady() {
        router.reconcile(canary);
        serving.reconcile(NS, "podinfo");
        assertThat(target.isPrimaryReady(canary)).isEqualTo(Readiness.READY);
        assertThat(target.isCanaryReady(canary)).isEqualTo(Readiness.READY);

        serving.newRevisionsReady(false);
        KnativeFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        assertThat(target.isCanaryReady(canary)).as("Knative has not seen the new template yet: 00001 is not the canary")
                .isEqualTo(Readiness.notReady("Knative Service podinfo.test not ready: waiting for Knative to reconcile generation 3",
                        true));

        serving.reconcile(NS, "podinfo");
        assertThat(target.isCanaryReady(canary)).isEqualTo(Readiness.notReady(
                "Knative Revision podinfo-00002.test is not ready: Ready=Unknown Deploying", true));
        Canary running = canary.withStatus(canary.status().toBuilder().phase(CanaryPhase.PROGRESSING).build());
        assertThat(target.isPrimaryReady(running)).as("the primary stays podinfo-00001").isEqualTo(Readiness.READY);

        serving.setReady(NS, "podinfo-00002", "True", "", clock.instant().toString());
        assertThat(target.isCanaryReady(canary)).isEqualTo(Readiness.READY);
    }

    @Test
    void aRevisionNotReadyPastTheProgressDeadlineRollsBack() {
        serving.newRevisionsReady(false);
        KnativeFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        serving.reconcile(NS, "podinfo");

        clock.add(Duration.ofSeconds(60));
        assertThat(target.isCanaryReady(canary).isReady()).isFalse();
        assertThat(((Readiness.NotReady) target.isCanaryReady(canary)).retriable()).as("60s is the deadline, not past it").isTrue();

        clock.add(Duration.ofSeconds(1));
        assertThat(target.isCanaryReady(canary)).isEqualTo(Readiness.notReady("Knative Revision podinfo-00002.test has not been "
                + "ready for longer than the progress deadline (60s): Ready=Unknown Deploying", false));
    }

    @Test
    void knativesOwnProgressDeadlineIsFinal() {
        serving.newRevisionsReady(false);
        KnativeFixtures.setImage(client, "ghcr.io/stefanprodan/podinfo:6.0.1");
        serving.reconcile(NS, "podinfo");
        serving.setReady(NS, "podinfo-00002", "False", "ProgressDeadlineExceeded", clock.instant().toString());

        assertThat(target.isCanaryReady(canary)).isEqualTo(Readiness.notReady("Knative Revision podinfo-00002.test exceeded its "
                + "progress deadline: Ready=False ProgressDeadlineExceeded", false));
    }

    @Test
    void aMissingRevisionOrServiceIsWorthWaitingFor() {
        router.reconcile(canary);
        client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(NS).withName("podinfo-00001").delete();
        assertThat(target.isPrimaryReady(canary)).isEqualTo(Readiness.notReady("Knative Revision podinfo-00001.test not found", true));

        client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS).withName("podinfo").delete();
        assertThatThrownBy(() -> target.isCanaryReady(canary)).isInstanceOfSatisfying(io.canarykit.api.BackendException.class,
                e -> assertThat(e.retryable()).isTrue()).hasMessage("Knative Service podinfo.test not found");
    }

    @Test
    void scalingAndRevertDoNothingAsInFlagger() {
        router.reconcile(canary);
        var before = KnativeFixtures.get(client).getMetadata().getResourceVersion();
        K8S.requests().clear();

        target.scaleToZero(canary);
        target.scaleFromZero(canary);
        target.revert(canary);

        assertThat(K8S.requests().drain().withoutWatches().writes()).isZero();
        assertThat(KnativeFixtures.get(client).getMetadata().getResourceVersion()).isEqualTo(before);
    }

    @Test
    void anAutoscalerIsRefusedAsFlaggerRefusesIt() {
        Canary withHpa = (Canary) ManifestReader.read(KnativeFixtures.flagger("tutorial-canary.yaml").replace("  targetRef:",
                "  autoscalerRef:\n    apiVersion: autoscaling/v2\n    kind: HorizontalPodAutoscaler\n    name: podinfo\n  targetRef:"),
                "hpa").resourcesOrThrow().get(0);

        assertThatThrownBy(() -> target.initialize(withHpa)).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageContaining("spec.autoscalerRef: a Knative Service scales its revisions itself");
    }
}
