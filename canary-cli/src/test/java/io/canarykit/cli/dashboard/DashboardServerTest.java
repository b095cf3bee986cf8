package io.canarykit.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.api.model.CanaryCommand;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.cli.CanaryCli;
import io.canarykit.k8s.CanaryApiGroup;
import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The dashboard's HTTP API, served by {@code canary dashboard} on the fabric8 mock server in CRUD mode. */
class DashboardServerTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;
    private MockCluster cluster;
    private Path kubeconfig;
    private RunningDashboard dashboard;

    @BeforeEach
    void start() throws Exception {
        cluster = MockCluster.with(K8S.client(), progressing(20, 1), now);
        kubeconfig = cluster.kubeconfig(dir);
        dashboard = new RunningDashboard(kubeconfig);
    }

    @AfterEach
    void stop() throws Exception {
        dashboard.close();
    }

    private CanaryStatus progressing(int weight, int failed) {
        return Canaries.status(CanaryPhase.PROGRESSING, weight, failed, now.minusSeconds(120), now.minusSeconds(30), failed > 0 ? 2.5 : 0.5);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(dashboard.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(dashboard.resolve(path)).POST(HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the dashboard's own page sends with a POST. */
    private Map<String, String> samePage() {
        return Map.of("Origin", dashboard.url().toString().replaceAll("/$", ""), "Sec-Fetch-Site", "same-origin");
    }

    @Test
    void theCommandPrintsTheLoopbackUrlAndStopsWhenInterrupted() throws Exception {
        assertThat(dashboard.out()).startsWith("canary dashboard: serving the canaries of namespace prod at http://127.0.0.1:");
        assertThat(dashboard.url().getPort()).isPositive();

        assertThat(dashboard.stop()).isEqualTo(CanaryCli.USAGE_OR_IO);
        assertThat(http.sendAsync(HttpRequest.newBuilder(dashboard.resolve("/api/canaries")).build(), HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> e != null).get(10, TimeUnit.SECONDS)).as("no longer listening").isTrue();
    }

    @Test
    void aTakenPortIsExitTwoWithTheReason() {
        StringWriter err = new StringWriter();
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("dashboard", "--port", String.valueOf(dashboard.url().getPort()), "--kubeconfig", kubeconfig.toString());

        assertThat(code).isEqualTo(CanaryCli.USAGE_OR_IO);
        assertThat(err.toString()).startsWith("canary dashboard: cannot listen on 127.0.0.1:" + dashboard.url().getPort() + ": ");
    }

    @Test
    void theListHasTheShapeOfGetJson() throws Exception {
        HttpResponse<String> response = get("/api/canaries");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode web = JSON.readTree(response.body()).get("canaries").get(0);
        assertThat(web.get("name").asText()).isEqualTo("web");
        assertThat(web.get("phase").asText()).isEqualTo("Progressing");
        assertThat(web.get("canaryWeight").asInt()).isEqualTo(20);
        assertThat(web.get("checks").get(1).get("verdict").asText()).isEqualTo("fail");

        JsonNode cli = JSON.readTree(cli("get", "--json")).get("canaries").get(0);
        assertThat(fieldNames(web)).isEqualTo(fieldNames(cli));
    }

    @Test
    void oneCanaryHasItsEventsItsObservedRunAndTheCharts() throws Exception {
        cluster.writeStatus(progressing(30, 0));
        awaitTicks(2);

        JsonNode web = JSON.readTree(get("/api/canaries/prod/web").body());

        assertThat(web.get("events").get(0).get("message").asText()).isEqualTo("Advance web.prod canary weight 20");
        JsonNode run = web.get("runs").get(0);
        assertThat(run.get("current").asBoolean()).isTrue();
        assertThat(run.get("start").asText()).isEqualTo(now.minusSeconds(120).toString());
        assertThat(run.get("ticks")).extracting(t -> t.get("canaryWeight").asInt()).containsExactly(20, 30);
        String charts = web.get("charts").asText();
        assertThat(charts.split("<svg ", -1)).as("weight chart and one per metric").hasSize(4);
        assertThat(charts).contains("class=\"chart weight-chart\"", "data-metric=\"error-rate\"", "class=\"series metric\"");
        List<String> cliFields = fieldNames(JSON.readTree(cli("get", "web", "--json")));
        assertThat(fieldNames(web)).containsAll(cliFields).contains("runs", "charts");
    }

    @Test
    void anUnknownCanaryActionOrPathIs404() throws Exception {
        HttpResponse<String> missing = get("/api/canaries/prod/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("canary nope not found in namespace prod");
        assertThat(post("/api/canaries/prod/nope/abort", samePage()).statusCode()).isEqualTo(404);
        assertThat(post("/api/canaries/prod/web/rollback", samePage()).statusCode()).isEqualTo(404);
        assertThat(get("/etc/passwd").statusCode()).isEqualTo(404);
        assertThat(cluster.live().getMetadata().getAnnotations()).doesNotContainKey(CanaryCommand.ANNOTATION);
    }

    @Test
    void actionsWriteTheCommandWithAFreshNonceAsTheCliDoes() throws Exception {
        HttpResponse<String> abort = post("/api/canaries/prod/web/abort", samePage());

        assertThat(abort.statusCode()).as(abort.body()).isEqualTo(200);
        Map<String, String> annotations = cluster.live().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry(CanaryCommand.ANNOTATION, "abort");
        String first = annotations.get(CanaryCommand.ID_ANNOTATION);
        assertThat(first).matches("[0-9a-f-]{36}");
        assertThat(JSON.readTree(abort.body()).get("commandId").asText()).isEqualTo(first);

        assertThat(post("/api/canaries/prod/web/promote-full", Map.of()).statusCode()).as("curl sends no Origin").isEqualTo(200);
        annotations = cluster.live().getMetadata().getAnnotations();
        assertThat(annotations).containsEntry(CanaryCommand.ANNOTATION, "promote-full");
        assertThat(annotations.get(CanaryCommand.ID_ANNOTATION)).matches("[0-9a-f-]{36}").isNotEqualTo(first);
        assertThat(post("/api/canaries/prod/web/promote", samePage()).statusCode()).isEqualTo(200);
        assertThat(cluster.live().getMetadata().getAnnotations()).containsEntry(CanaryCommand.ANNOTATION, "promote");
        assertThat(post("/api/canaries/prod/web/retry", samePage()).statusCode()).isEqualTo(200);
        assertThat(cluster.live().getMetadata().getAnnotations()).containsEntry(CanaryCommand.ANNOTATION, "retry");
        assertThat(cluster.liveCanary().status().phase()).as("the status is the operator's to write").isEqualTo(CanaryPhase.PROGRESSING);
    }

    @Test
    void pauseAndResumeSetSpecSuspend() throws Exception {
        assertThat(JSON.readTree(post("/api/canaries/prod/web/pause", samePage()).body()).get("message").asText())
                .isEqualTo("paused (spec.suspend: true)");
        assertThat(cluster.liveCanary().spec().suspend()).isTrue();
        assertThat(JSON.readTree(post("/api/canaries/prod/web/pause", samePage()).body()).get("message").asText())
                .isEqualTo("already paused");

        assertThat(post("/api/canaries/prod/web/resume", samePage()).statusCode()).isEqualTo(200);
        assertThat(cluster.liveCanary().spec().suspend()).isFalse();
    }

    @Test
    void aCrossOriginPostIsRefusedAndWritesNothing() throws Exception {
        HttpResponse<String> foreign = post("/api/canaries/prod/web/abort", Map.of("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(foreign.body()).get("error").asText()).contains("cross-origin", "https://evil.example");
        assertThat(post("/api/canaries/prod/web/abort", Map.of("Sec-Fetch-Site", "cross-site")).statusCode()).isEqualTo(403);
        assertThat(post("/api/canaries/prod/web/pause", Map.of("Origin", "null")).statusCode()).isEqualTo(403);
        String otherPort = "http://127.0.0.1:" + (dashboard.url().getPort() + 1);
        assertThat(post("/api/canaries/prod/web/abort", Map.of("Origin", otherPort)).statusCode()).isEqualTo(403);

        assertThat(cluster.live().getMetadata().getAnnotations()).doesNotContainKey(CanaryCommand.ANNOTATION);
        assertThat(cluster.liveCanary().spec().suspend()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void anActionIsAPostAndTheListIsAGet() throws Exception {
        HttpResponse<String> getAction = get("/api/canaries/prod/web/abort");
        assertThat(getAction.statusCode()).isEqualTo(405);
        assertThat(getAction.headers().firstValue("Allow")).hasValue("POST");
        assertThat(post("/api/canaries", samePage()).statusCode()).isEqualTo(405);
        assertThat(post("/api/canaries/prod/web", samePage()).statusCode()).isEqualTo(405);
        assertThat(cluster.live().getMetadata().getAnnotations()).doesNotContainKey(CanaryCommand.ANNOTATION);
    }

    @Test
    void aRequestForAnotherHostNameIsRefused() throws Exception {
        // A DNS-rebinding page reaches 127.0.0.1 under its own name; java.net.http will not send a foreign Host, a socket will.
        try (Socket socket = new Socket("127.0.0.1", dashboard.url().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/canaries HTTP/1.1\r\nHost: evil.example:" + dashboard.url().getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 403 Forbidden");
        }
        assertThat(get("/api/canaries").statusCode()).as("its own address is fine").isEqualTo(200);
    }

    @Test
    void thePageAndItsAssetsComeFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(page.body()).contains("<script src=\"/dashboard.js\"", "<link rel=\"stylesheet\" href=\"/dashboard.css\">");
        assertThat(get("/dashboard.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("/dashboard.js").body()).contains("new EventSource(\"/api/events\")");
        assertThat(get("/dashboard.css").statusCode()).isEqualTo(200);
    }

    @Test
    void theEventStreamSendsEachStatusChangeAsItHappens() throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(dashboard.resolve("/api/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                Iterator<String> it = reader.lines().iterator();
                while (it.hasNext()) {
                    lines.add(it.next());
                }
            } catch (IOException | UncheckedIOException e) {
                // The stream ends when the dashboard stops.
            }
        });
        try {
            assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("retry: 2000");

            cluster.writeStatus(progressing(40, 0));

            List<String> received = new ArrayList<>();
            String data = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (data == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    received.add(line);
                    data = line.startsWith("data: ") && line.contains("\"canaryWeight\":40") ? line : null;
                }
            }
            assertThat(data).as("received %s", received).isNotNull();
            assertThat(received.get(received.indexOf(data) - 1)).isEqualTo("event: canary");
            JsonNode changed = JSON.readTree(data.substring("data: ".length()));
            assertThat(changed.get("name").asText()).isEqualTo("web");
            assertThat(changed.get("failedChecks").asInt()).isZero();

            K8S.client().genericKubernetesResources(CanaryApiGroup.FLAGGER.canaries()).inNamespace("prod")
                    .withName("web").delete();
            String deleted = null;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (deleted == null && System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                deleted = "event: deleted".equals(line) ? lines.poll(5, TimeUnit.SECONDS) : null;
            }
            assertThat(deleted).isEqualTo("data: {\"namespace\":\"prod\",\"name\":\"web\"}");
            assertThat(get("/api/canaries/prod/web").statusCode()).isEqualTo(404);
        } finally {
            dashboard.stop();
            reading.get(10, TimeUnit.SECONDS);
        }
    }

    private void awaitTicks(int ticks) {
        Awaitility.await().atMost(10, TimeUnit.SECONDS)
                .until(() -> JSON.readTree(get("/api/canaries/prod/web").body()).get("runs").get(0).get("ticks").size() == ticks);
    }

    private String cli(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] all = Stream.concat(Arrays.stream(args), Stream.of("--kubeconfig",
                kubeconfig.toString())).toArray(String[]::new);
        assertThat(cli.execute(all)).isZero();
        return out.toString();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
