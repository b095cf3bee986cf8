package io.canarykit.e2e;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The suite's one environment on the control plane {@code e2e/real-cluster.sh} started: an admin
 * client and kubectl, the played kubelet, gateway and pod traffic, the load tester, and the operator
 * processes of the running cases (stopped after each case). Each case runs in a namespace of its own
 * ({@code prod} for the seed's, as the reference canary has it), deleted once the case is over.
 *
 * <p>Cases run in parallel ({@code junit-platform.properties}), one per thread: what belongs to a case
 * (its name, namespace and operators) is in a {@link CaseScope} held per thread, inherited by the
 * threads a case starts (Awaitility's pollers). Everything else here is shared and safe for that.
 */
final class Cluster implements AutoCloseable {

    static final String OPERATOR_NAMESPACE = "canarykit";
    static final String OLD_IMAGE = "ghcr.io/canarykit/web:1.0.0";

    final E2eSettings settings;
    final KubernetesClient admin;
    final Kubectl kubectl;
    final LoadTester loadTester;
    final PodTraffic traffic;
    final PlayedKubelet kubelet;
    final PlayedGateway gateway;
    final Path operatorKubeconfig;
    final SuitePrometheus prometheus;
    private final List<OperatorProcess> operators = new ArrayList<>();
    private final InheritableThreadLocal<CaseScope> scope = new InheritableThreadLocal<>() {
        @Override
        protected CaseScope initialValue() {
            return new CaseScope("unnamed", "default");
        }
    };

    private Cluster(E2eSettings settings) {
        this.settings = settings;
        this.admin = new KubernetesClientBuilder().build();
        this.kubectl = new Kubectl(settings.kubectl(), settings.adminKubeconfig());
        this.prometheus = new SuitePrometheus(settings.prometheusUrl());
        this.loadTester = new LoadTester();
        this.traffic = new PodTraffic(settings.scrapeTargets());
        this.kubelet = new PlayedKubelet(admin, traffic);
        this.gateway = new PlayedGateway(admin);
        this.operatorKubeconfig = ServiceAccountKubeconfig.write(admin, OPERATOR_NAMESPACE, "canarykit-operator",
                settings.caseDir("operator").resolve("serviceaccount.kubeconfig"));
    }

    /** Creates {@code e2e-<case>}, the case's own namespace: no wait for the deletion of another case's. */
    void freshNamespace(String caseName) {
        freshNamespace(caseName, "e2e-" + caseName);
    }

    /** Creates {@code namespace} for {@code caseName}, with no metric history (the Prometheus is the suite's). */
    void freshNamespace(String caseName, String name) {
        scope.set(new CaseScope(caseName, name));
        prometheus.deleteSeriesOf(name);
        kubectl.run("create", "namespace", name);
    }

    /** The running case's namespace. */
    String namespace() {
        return scope.get().namespace();
    }

    /** {@code name.namespace}, as Flagger's event texts name a canary or its target. */
    String dotted(String name) {
        return name + "." + namespace();
    }

    ReferenceCanary reference() {
        return ReferenceCanary.load(settings.projectRoot(), namespace(), settings.prometheusUrl(), loadTester.uri().toString());
    }

    /** {@code kubectl apply} of the Deployment {@code web} at {@code image}, its pods failing {@code errorRate} of requests. */
    void deployWeb(String image, double errorRate) {
        kubectl.runWithInput(admin.getKubernetesSerialization().asYaml(web("web", image, errorRate)), "apply", "-f", "-");
    }

    /** The Deployment {@code name} (label {@code app: name}) at {@code image}, its pods failing {@code errorRate} of requests. */
    Deployment web(String name, String image, double errorRate) {
        return new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace()).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(1)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage(image)
                .addNewEnv().withName(PlayedKubelet.ERROR_RATE).withValue(Double.toString(errorRate)).endEnv()
                .addNewPort().withName("http").withContainerPort(8080).endPort()
                .endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** Writes the manifests into the case's directory and {@code kubectl apply}s that file. */
    void apply(String caseName, String fileName, String yaml) {
        Path file = settings.caseDir(caseName).resolve(fileName);
        try {
            Files.writeString(file, yaml);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        kubectl.run("apply", "-f", file.toString());
    }

    /**
     * {@code kubectl apply}s {@code crds} (saved as {@code fileName} in the case's directory) and waits until the API
     * server serves them. CRDs stay installed for the rest of the suite, as a mesh's CRDs stay on a cluster.
     */
    void installCrds(String caseName, String fileName, List<CustomResourceDefinition> crds) {
        apply(caseName, fileName, crds.stream().map(crd -> admin.getKubernetesSerialization().asYaml(crd))
                .collect(java.util.stream.Collectors.joining("---\n")));
        List<String> wait = new ArrayList<>(List.of("wait", "--for", "condition=established", "--timeout=60s"));
        crds.forEach(crd -> wait.add("crd/" + crd.getMetadata().getName()));
        kubectl.run(wait.toArray(String[]::new));
    }

    OperatorProcess startOperator(String caseName, String name, Map<String, String> env) {
        OperatorProcess operator = OperatorProcess.start(name, operatorKubeconfig, namespace(), settings.prometheusUrl(),
                settings.caseDir(caseName), env);
        scope.get().operators().add(operator);
        synchronized (operators) {
            operators.add(operator);
        }
        return operator;
    }

    OperatorProcess startOperator(String caseName) {
        return startOperator(caseName, Map.of());
    }

    /** One operator, {@code operator-1}, with {@code env} on top of the suite's settings; returns once it is ready. */
    OperatorProcess startOperator(String caseName, Map<String, String> env) {
        OperatorProcess operator = startOperator(caseName, "operator-1", env);
        Awaitility.await("operator " + operator.name() + " ready (log: " + operator.log() + ")").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(() -> {
                    if (!operator.isAlive()) {
                        throw new AssertionError("operator exited:\n" + Kubectl.read(operator.log()));
                    }
                    return operator.ready();
                });
        return operator;
    }

    /** The Canary's Events, oldest first: {@code reason: message (xcount)}. */
    List<String> canaryEvents() {
        return admin.v1().events().inNamespace(namespace()).list().getItems().stream()
                .filter(e -> "Canary".equals(e.getInvolvedObject().getKind()))
                .sorted(Comparator.comparing((Event e) -> Optional.ofNullable(e.getFirstTimestamp()).orElse(""))
                        .thenComparing(e -> e.getMetadata().getCreationTimestamp()))
                .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage() + " (x" + e.getCount() + ")")
                .toList();
    }

    Deployment deployment(String name) {
        return admin.apps().deployments().inNamespace(namespace()).withName(name).get();
    }

    String image(String deployment) {
        return deployment(deployment).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /**
     * Keeps what a user would look at after the case, whatever its outcome: the Canary as
     * {@code kubectl describe} shows it, every Event of the namespace, and the HTTPRoute splits the
     * played gateway saw.
     */
    void saveArtifacts() {
        String namespace = namespace();
        String currentCase = scope.get().caseName();
        Path dir = settings.caseDir(currentCase);
        try {
            Files.writeString(dir.resolve("events.txt"), String.join("\n", canaryEvents()) + "\n");
            Files.writeString(dir.resolve("httproute-splits.txt"), String.join("\n", gateway.weights(namespace)) + "\n");
            Kubectl.Result describe = kubectl.tryRun(null, "-n", namespace, "describe", "canary", "web");
            Files.writeString(dir.resolve("kubectl-describe-canary-final.txt"), describe.output());
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("could not save the artifacts of " + currentCase + ": " + e);
        }
    }

    /** Stops the running case's operators; the other cases' keep running. */
    void stopOperators() {
        List<OperatorProcess> own = scope.get().operators();
        own.forEach(OperatorProcess::close);
        synchronized (operators) {
            operators.removeAll(own);
        }
        own.clear();
    }

    /** Forgets the running case, so that a case on this thread that makes no namespace does not act on its namespace. */
    void endCase() {
        scope.remove();
    }

    @Override
    public void close() {
        synchronized (operators) {
            operators.forEach(OperatorProcess::close);
            operators.clear();
        }
        gateway.close();
        kubelet.close();
        traffic.close();
        loadTester.close();
        admin.close();
    }

    /** Hands the one {@link Cluster} to the cases and stops each case's operators after it. */
    static final class Extension implements ParameterResolver, AfterEachCallback {

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Cluster.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return of(context);
        }

        @Override
        public void afterEach(ExtensionContext context) {
            Cluster cluster = of(context);
            cluster.stopOperators();
            cluster.saveArtifacts();
            cluster.kubectl.tryRun(null, "delete", "namespace", cluster.namespace(), "--wait=false");
            cluster.endCase();
        }

        private static Cluster of(ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(Cluster.class, k -> new Cluster(E2eSettings.fromEnvironment()), Cluster.class);
        }
    }

    /** The running case: its name (its artifacts' directory), its namespace and the operators it started. */
    private record CaseScope(String caseName, String namespace, List<OperatorProcess> operators) {
        CaseScope(String caseName, String namespace) {
            this(caseName, namespace, java.util.Collections.synchronizedList(new ArrayList<>()));
        }
    }
}
