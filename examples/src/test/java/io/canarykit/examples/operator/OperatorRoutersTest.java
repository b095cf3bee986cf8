package io.canarykit.examples.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.istio.IstioCrds;
import io.canarykit.istio.IstioResources;
import io.canarykit.istio.IstioTrafficRouter;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.knative.KnativeCrds;
import io.canarykit.knative.KnativeServices;
import io.canarykit.linkerd.SmiVersion;
import io.canarykit.linkerd.TrafficSplits;
import io.canarykit.testkit.ManualTickTimer;
import io.canarykit.testkit.MutableClock;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link OperatorMain#configure} on a CRUD mock API server that serves Istio, the SMI TrafficSplit
 * (v1alpha1..v1alpha3) and Knative Serving: with every setting left at {@code auto}, API discovery
 * installs each router, and a real {@link CanaryOperator} built from that configuration routes a
 * canary of each provider. {@link OperatorRoutersUnservedTest} is the same server without those APIs.
 */
class OperatorRoutersTest {

    static final String NS = "test";
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create().withCrds(crds());

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final ManualTickTimer timer = new ManualTickTimer();
    private final OperatorProviders providers = new OperatorProviders();
    private KubernetesClient client;
    private CanaryOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        providers.close();
    }

    static List<CustomResourceDefinition> crds() {
        List<CustomResourceDefinition> crds = new ArrayList<>(IstioCrds.all());
        crds.addAll(KnativeCrds.all());
        crds.add(smiCrd());
        return crds;
    }

    @Test
    void discoveryFindsEveryRouterApi() {
        OperatorDiscovery served = OperatorDiscovery.of(K8S.client());
        assertThat(served.istio().getAsBoolean()).isTrue();
        assertThat(served.smi().get()).containsExactly(SmiVersion.V1ALPHA1);
        assertThat(served.knative().getAsBoolean()).isTrue();
        assertThat(OperatorMain.smiProviders("auto", "osm, smi:v1alpha1:linkerd2,linkerd", served.smi())).extracting(p -> p.id())
                .as("osm (v1alpha2) is not served").containsExactly("linkerd", "smi:v1alpha1:linkerd2");
    }

    @Test
    void istioIsInstalledByDiscoveryAndRoutesTheCanaryThroughItsVirtualService() {
        start(Map.of(), deploymentCanary("istio"));
        tickUntil(() -> virtualService().flatMap(this::istioSplit).filter(r -> r.primaryWeight() == 100).isPresent());

        setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
        tickUntil(() -> virtualService().flatMap(this::istioSplit).filter(r -> r.canaryWeight() == 10).isPresent());

        assertThat(virtualService().orElseThrow().getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Canary"));
    }

    @Test
    void linkerdAndTheListedSmiProvidersAreInstalledByDiscoveryAndRouteThroughTrafficSplits() {
        start(Map.of("SMI_PROVIDERS", "osm,smi:v1alpha1:linkerd2"), deploymentCanary("linkerd"));
        tickUntil(() -> split(SmiVersion.V1ALPHA1).map(TrafficSplits::weights)
                .filter(Map.of("podinfo-canary", 0, "podinfo-primary", 100)::equals).isPresent());

        setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
        tickUntil(() -> split(SmiVersion.V1ALPHA1).map(TrafficSplits::weights)
                .filter(Map.of("podinfo-canary", 10, "podinfo-primary", 90)::equals).isPresent());
        assertThat((Object) split(SmiVersion.V1ALPHA1).orElseThrow().get("spec", "backends", 0, "weight")).as("v1alpha1: a quantity")
                .isEqualTo("10");
    }

    @Test
    void knativeIsInstalledByDiscoveryAndRoutesTheCanaryBetweenRevisions() {
        client = K8S.client();
        knativeServices().resource(knativeService("ghcr.io/stefanprodan/podinfo:6.0.0")).create();
        playKnativeServing();
        start(Map.of(), """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo, namespace: test}
                spec:
                  provider: knative
                  targetRef: {apiVersion: serving.knative.dev/v1, kind: Service, name: podinfo}
                  progressDeadlineSeconds: 60
                  analysis: {interval: 10s, threshold: 5, maxWeight: 50, stepWeight: 10}
                """);
        tickUntil(() -> "podinfo-00001".equals(annotation()));
        assertThat((Object) knativeServices().withName("podinfo").get().get("spec", "traffic", 1)).isEqualTo(
                Map.of("revisionName", "podinfo-00001", "latestRevision", false, "percent", 100));

        GenericKubernetesResource service = knativeServices().withName("podinfo").get();
        GenericKubernetesResource next = knativeService("ghcr.io/stefanprodan/podinfo:6.0.1");
        service.setAdditionalProperty("spec", Map.of("template", next.get("spec", "template"),
                "traffic", Objects.requireNonNull(service.get("spec", "traffic"))));
        knativeServices().resource(service).update();
        tickUntil(() -> {
            playKnativeServing();
            return Integer.valueOf(10).equals(knativeServices().withName("podinfo").get().get("spec", "traffic", 0, "percent"));
        });
        assertThat((Object) knativeServices().withName("podinfo").get().get("spec", "traffic", 0, "latestRevision")).isEqualTo(true);
    }

    /** Starts the operator as {@code OperatorMain} configures it (discovery on the mock), then applies the podinfo workload. */
    private void start(Map<String, String> settings, String canary) {
        client = K8S.client();
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.put("WATCH_NAMESPACES", NS);
        CanaryOperator.Builder builder = OperatorMain.configure(CanaryOperator.builder(client), env, providers,
                OperatorDiscovery.of(client));
        operator = builder.clock(clock).timer(timer).maxConcurrentTicks(1).build();
        operator.start();
        await().until(operator::isReady);
        if (canary.contains("kind: Deployment")) {
            client.apps().deployments().inNamespace(NS).resource(podinfo()).create();
        }
        canaries().resource(client.getKubernetesSerialization().unmarshal(canary, GenericKubernetesResource.class)).create();
    }

    /** Plays the Deployment controller and advances one interval until {@code done}. */
    private void tickUntil(Supplier<Boolean> done) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (String name : new String[] {"podinfo", "podinfo-primary"}) {
                markReady(client, name);
            }
            clock.add(INTERVAL);
            timer.advance(INTERVAL);
            operator.awaitIdle(Duration.ofSeconds(5));
            return done.get();
        });
    }

    static String deploymentCanary(String provider) {
        return """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo, namespace: test}
                spec:
                  provider: %s
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
                  service: {port: 9898}
                  analysis: {interval: 10s, threshold: 5, maxWeight: 50, stepWeight: 10}
                """.formatted(provider);
    }

    private Optional<GenericKubernetesResource> virtualService() {
        return Optional.ofNullable(client.genericKubernetesResources(IstioResources.virtualServices()).inNamespace(NS)
                .withName("podinfo").get());
    }

    private Optional<Routes> istioSplit(GenericKubernetesResource virtualService) {
        Canary canary = CanaryResources.toCanary(canaries().withName("podinfo").get());
        return IstioTrafficRouter.split(virtualService, canary);
    }

    private Optional<GenericKubernetesResource> split(SmiVersion version) {
        return Optional.ofNullable(client.genericKubernetesResources(version.trafficSplits()).inNamespace(NS).withName("podinfo").get());
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> canaries() {
        return client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace(NS);
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            knativeServices() {
        return client.genericKubernetesResources(KnativeServices.SERVICES).inNamespace(NS);
    }

    private String annotation() {
        Map<String, String> annotations = knativeServices().withName("podinfo").get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get("flagger.app/primary-revision");
    }

    /**
     * Knative Serving's part, as far as the operator reads it: one Ready Revision per template
     * ({@code podinfo-0000N}) and the Service's status naming the latest one at its generation.
     */
    private void playKnativeServing() {
        GenericKubernetesResource service = knativeServices().withName("podinfo").get();
        var revisions = client.genericKubernetesResources(KnativeServices.REVISIONS).inNamespace(NS);
        Object template = service.get("spec", "template");
        List<GenericKubernetesResource> existing = revisions.list().getItems();
        GenericKubernetesResource latest = existing.stream().max((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
                .orElse(null);
        if (latest == null || !Objects.equals(latest.get("spec"), service.get("spec", "template", "spec"))) {
            String name = String.format("podinfo-%05d", existing.size() + 1);
            latest = revisions.resource(new GenericKubernetesResourceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Revision")
                    .withNewMetadata().withName(name).withNamespace(NS).addToLabels("serving.knative.dev/service", "podinfo").endMetadata()
                    .withAdditionalProperties(Map.of("spec", ((Map<?, ?>) template).get("spec"))).build()).create();
            latest.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True",
                    "lastTransitionTime", clock.instant().toString()))));
            revisions.resource(latest).updateStatus();
        }
        service.setAdditionalProperty("status", Map.of("observedGeneration", service.getMetadata().getGeneration(),
                "latestCreatedRevisionName", latest.getMetadata().getName(), "latestReadyRevisionName", latest.getMetadata().getName()));
        knativeServices().resource(service).updateStatus();
    }

    private static GenericKubernetesResource knativeService(String image) {
        return new GenericKubernetesResourceBuilder().withApiVersion("serving.knative.dev/v1").withKind("Service")
                .withNewMetadata().withName("podinfo").withNamespace(NS).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("template", Map.of("spec", Map.of("containers",
                        List.of(Map.of("image", image, "ports", List.of(Map.of("containerPort", 9898))))))))).build();
    }

    /** The Deployment controller's part: the current generation rolled out, every replica available. */
    static void markReady(KubernetesClient client, String name) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
        if (d == null) {
            return;
        }
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        if (d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                && Objects.equals(d.getStatus().getReadyReplicas(), replicas)) {
            return;
        }
        d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(replicas)
                .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
        try {
            client.apps().deployments().resource(d).update();
        } catch (KubernetesClientException e) {
            // The operator wrote it meanwhile (409): the next round marks it.
        }
    }

    private void setImage(String image) {
        Deployment d = client.apps().deployments().inNamespace(NS).withName("podinfo").get();
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
        client.apps().deployments().resource(d).update();
    }

    static Deployment podinfo() {
        return new DeploymentBuilder()
                .withNewMetadata().withName("podinfo").withNamespace(NS).addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", "podinfo").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
                .addNewPort().withName("http").withContainerPort(9898).endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** The SMI CRD with v1alpha1 only (Linkerd's SMI extension): the mock's discovery reports one version per CRD. */
    static CustomResourceDefinition smiCrd() {
        try (InputStream in = OperatorRoutersTest.class.getClassLoader().getResourceAsStream("smi/trafficsplits-crd.yaml")) {
            CustomResourceDefinition crd = new io.fabric8.kubernetes.client.utils.KubernetesSerialization().unmarshal(
                    new String(Objects.requireNonNull(in, "smi/trafficsplits-crd.yaml").readAllBytes(), StandardCharsets.UTF_8),
                    CustomResourceDefinition.class);
            crd.getSpec().setVersions(crd.getSpec().getVersions().stream().filter(v -> v.getName().equals("v1alpha1")).toList());
            return crd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
