package io.canarykit.cli.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricCheckStatus;
import io.canarykit.cli.CanaryCli;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.k8s.CanaryResources;
import io.canarykit.testkit.k8s.ApiRequest;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The cluster commands against the fabric8 mock server in CRUD mode, connected through a kubeconfig as users connect. */
class ClusterCommandsTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");

    @TempDir
    Path dir;
    private Path kubeconfig;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(Stream.concat(Stream.of(args), Stream.of("--kubeconfig", kubeconfig.toString())).toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void cluster() throws IOException {
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                - name: me
                  user: {token: secret-token}
                contexts:
                - name: mock
                  context: {cluster: mock, user: me, namespace: prod}
                current-context: mock
                """.formatted(K8S.client().getMasterUrl()));
        Canary web = reference();
        KubernetesClient client = K8S.client();
        GenericKubernetesResource created = client.genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("prod")
                .resource(CanaryResources.toResource(web, CanaryApiGroup.FLAGGER)).create();
        writeStatus(created, progressing(20, 1));
        client.v1().events().inNamespace("prod").resource(new EventBuilder().withNewMetadata().withName("web.1").withNamespace("prod")
                .endMetadata().withNewInvolvedObject().withKind("Canary").withName("web").withNamespace("prod").endInvolvedObject()
                .withType("Normal").withReason("Synced").withMessage("Advance web.prod canary weight 20")
                .withLastTimestamp(now.minusSeconds(30).toString()).withCount(1).build()).create();
    }

    private static Canary reference() throws IOException {
        return ManifestReader.read(REFERENCE).resourcesOrThrow().stream().filter(Canary.class::isInstance).map(Canary.class::cast).findFirst().orElseThrow();
    }

    private CanaryStatus progressing(int weight, int failed) {
        return CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.PROGRESSING).canaryWeight(weight).failedChecks(failed)
                .lastTransitionTime(now.minusSeconds(30)).lastAnalysisAt(now.minusSeconds(30))
                .lastChecks(List.of(new MetricCheckStatus("request-success-rate", "pass", 99.5, 99.0, null, now.minusSeconds(30)),
                        new MetricCheckStatus("error-rate", "fail", 2.5, null, 1.0, now.minusSeconds(30))))
                .build();
    }

    private void writeStatus(GenericKubernetesResource resource, CanaryStatus status) {
        resource.setAdditionalProperty("status", CanaryResources.statusTree(status));
        K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("prod").resource(resource).updateStatus();
    }

    private GenericKubernetesResource live() {
        return K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("prod").withName("web").get();
    }

    @Test
    void getListsTheNamespaceOfTheContextAsATable() {
        Run run = run("get");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("NAME").contains("PHASE", "WEIGHT", "FAILED", "CHECKS", "NEXT TICK");
        assertThat(lines.get(1)).startsWith("web").contains("Progressing", "20% ██░░░░░░░░", "1/", "error-rate 2.5 ✗",
                "request-success-rate 99.5 ✓");
        assertThat(lines).hasSize(2);
    }

    @Test
    void getOneShowsChecksAgainstTheirRangesAndTheLastEvents() {
        Run run = run("get", "web");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Canary web.prod  target Deployment/web")
                .contains("Phase:          Progressing")
                .contains("Weight:         ████░░░░░░░░░░░░░░░░ 20%")
                .contains("Failed checks:  1/")
                .containsPattern("Next tick:      ~\\d+s")
                .containsPattern("error-rate\\s+2\\.5\\s+≤ 1\\s+✗ fail")
                .containsPattern("request-success-rate\\s+99\\.5\\s+≥ 99\\s+✓ pass")
                .containsPattern("\\d+s ago\\s+Normal\\s+Advance web.prod canary weight 20");
    }

    @Test
    void jsonAndYamlCarryTheSameState() throws IOException {
        Run json = run("get", "web", "--json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode node = new ObjectMapper().readTree(json.out());
        assertThat(node.get("phase").asText()).isEqualTo("Progressing");
        assertThat(node.get("canaryWeight").asInt()).isEqualTo(20);
        assertThat(node.get("checks").get(1).get("verdict").asText()).isEqualTo("fail");
        assertThat(node.get("events").get(0).get("message").asText()).isEqualTo("Advance web.prod canary weight 20");
        assertThat(node.get("nextTickInSeconds").asInt()).isBetween(1, 60);

        Run yaml = run("get", "-A", "-o", "yaml");
        assertThat(yaml.code()).as(yaml.err()).isZero();
        assertThat(yaml.out()).startsWith("canaries:").contains("name: web", "namespace: prod", "phase: Progressing");
    }

    @Test
    void promoteAbortAndRetryWriteTheCommandWithAFreshNonce() {
        Run promote = run("promote", "web");
        assertThat(promote.code()).as(promote.err()).isZero();
        var annotations = live().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry(CanaryCommand.ANNOTATION, "promote");
        String first = annotations.get(CanaryCommand.ID_ANNOTATION);
        assertThat(first).matches("[0-9a-f-]{36}");
        assertThat(promote.out()).contains("web.prod: promote requested (command-id " + first + ")");

        assertThat(run("promote", "web", "--full").code()).isZero();
        assertThat(live().getMetadata().getAnnotations()).containsEntry(CanaryCommand.ANNOTATION, "promote-full")
                .doesNotContainEntry(CanaryCommand.ID_ANNOTATION, first);
        assertThat(run("abort", "web").code()).isZero();
        assertThat(live().getMetadata().getAnnotations()).containsEntry(CanaryCommand.ANNOTATION, "abort");
        assertThat(run("retry", "web", "-n", "prod").code()).isZero();
        assertThat(live().getMetadata().getAnnotations()).containsEntry(CanaryCommand.ANNOTATION, "retry");
        assertThat(live().getAdditionalProperties()).as("the status is the operator's to write").containsKey("status");
    }

    @Test
    void pauseAndResumeSetSpecSuspend() {
        assertThat(run("pause", "web").out()).contains("web.prod: paused (spec.suspend: true)");
        assertThat(CanaryResources.toCanary(live()).spec().suspend()).isTrue();
        assertThat(run("pause", "web").out()).contains("already paused");
        assertThat(run("get").out()).contains("Progressing (suspended)");

        assertThat(run("resume", "web").out()).contains("resumed (spec.suspend: false)");
        assertThat(CanaryResources.toCanary(live()).spec().suspend()).isFalse();
    }

    @Test
    void aMissingCanaryIsExitOneAndAnUnreachableServerExitTwo() throws IOException {
        Run missing = run("promote", "nope");
        assertThat(missing.code()).isEqualTo(CanaryCli.NEGATIVE);
        assertThat(missing.err()).isEqualTo("canary promote: canary nope not found in namespace prod" + System.lineSeparator());
        assertThat(run("get", "nope", "-n", "other").err()).contains("canary nope not found in namespace other");

        Files.writeString(kubeconfig, Files.readString(kubeconfig).replace(K8S.client().getMasterUrl().toString().replaceAll("/$", ""),
                "http://127.0.0.1:1"));
        Run down = run("get");
        assertThat(down.code()).isEqualTo(CanaryCli.USAGE_OR_IO);
        assertThat(down.err()).startsWith("canary get: cannot reach the API server at http://127.0.0.1:1");
        assertThat(down.out()).isEmpty();
    }

    @Test
    void watchingANamespacePrintsARowPerChangeUntilInterrupted() throws Exception {
        StringWriter out = new StringWriter();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> watching = thread.submit(() -> command(out).execute("get", "-w", "--kubeconfig", kubeconfig.toString()));
            awaitWatch();
            writeStatus(live(), progressing(40, 0));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> out.toString().lines().count() == 3);
            thread.shutdownNow();

            assertThat(watching.get(10, TimeUnit.SECONDS)).as("interrupted").isEqualTo(CanaryCli.USAGE_OR_IO);
            List<String> lines = out.toString().lines().toList();
            assertThat(lines.get(0)).startsWith("NAME");
            assertThat(lines.get(1)).contains("20%");
            assertThat(lines.get(2)).startsWith("web ").contains("40%");
        } finally {
            thread.shutdownNow();
        }
    }

    private static CommandLine command(StringWriter out) {
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        return cli;
    }

    /** Until the command under test has opened its watch: the status writes after it are its changes. */
    private static void awaitWatch() {
        List<ApiRequest> received = new ArrayList<>();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> {
            received.addAll(K8S.requests().drain().requests());
            return received.stream().anyMatch(ApiRequest::isWatch);
        });
    }

    @Test
    void untilDoneNeedsWatchAndAName() {
        Run run = run("get", "--until-done");
        assertThat(run.code()).isEqualTo(CanaryCli.USAGE_OR_IO);
        assertThat(run.err()).contains("--until-done needs -w and a canary NAME");
    }

    @Test
    void watchingOneCanaryPrintsEachChangeAndEndsWithItsResult() throws Exception {
        CompletableFuture<Run> watching = CompletableFuture.supplyAsync(() -> run("get", "web", "-w", "--until-done"));
        awaitWatch();
        writeStatus(live(), progressing(30, 0));
        writeStatus(live(), CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.FAILED).lastTransitionTime(now).build());

        Run run = watching.get(20, TimeUnit.SECONDS);
        assertThat(run.code()).as(run.err()).isEqualTo(CanaryCli.NEGATIVE);
        List<String> rows = run.out().lines().filter(l -> l.startsWith("web ")).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("Progressing", "30%");
        assertThat(rows.get(1)).contains("Failed", "0%");
    }
}
