package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import io.canarykit.testkit.SecretScan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Plants a distinct secret in every place one enters the CLI — Secret data of every metric
 * provider, credentials in template addresses (user info, query tokens) and headers, webhook URLs,
 * the metrics server, alert provider addresses and proxies, a malformed Secret manifest — runs
 * {@code validate}, {@code check-metrics} (text and {@code --json}, against backends that echo every
 * header and the whole request line back in their errors) and {@code simulate} ({@code --json} and
 * {@code --report}), and scans stdout, stderr, every log line at TRACE and the HTML report.
 * Runs in the {@code secrets-at-trace} surefire execution (see the pom).
 */
@Tag("secrets-at-trace")
class SecretLeakScanTest {

    @TempDir
    Path dir;

    private final SecretScan scan = new SecretScan();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private final List<StubBackend> stubs = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        originalErr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
        stubs.forEach(StubBackend::close);
    }

    /** A backend that fails every request and echoes all it was sent: the worst a server can do. */
    private String echoingBackend() {
        StubBackend stub = new StubBackend(request -> Reply.json(500, "{\"error\": \"denied " + request.method() + " "
                + request.uri() + " headers " + request.headers().entrySet() + " body " + request.body() + "\"}"));
        stubs.add(stub);
        return stub.url();
    }

    /** {@code http://user:<secret>@127.0.0.1:port/?token=<secret>}: credentials where users put them. */
    private String addressWithCredentials(String backend, String place) {
        return backend.replace("://", "://user:" + scan.plant(place + " address password") + "@")
                + "?token=" + scan.plant(place + " address query token");
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private int run(String name, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        outputs.put(name + " stdout", out.toString());
        outputs.put(name + " stderr", err.toString());
        return exit;
    }

    /** Each provider's metric entry, for a canary that checks that provider alone. */
    private final Map<String, String> metricByProvider = new LinkedHashMap<>();

    private Path manifests() throws IOException {
        String templates = "";
        List<String> metrics = new ArrayList<>();
        String[][] providers = {
            {"prometheus", "prom-basic"}, {"prometheus", "prom-bearer"}, {"datadog", "datadog"}, {"newrelic", "newrelic"},
            {"graphite", "graphite"}, {"influxdb", "influxdb"}, {"cloudwatch", ""}};
        for (String[] provider : providers) {
            String name = provider[0] + "-" + (provider[1].isEmpty() ? "default" : provider[1]);
            templates += """
                    apiVersion: flagger.app/v1beta1
                    kind: MetricTemplate
                    metadata: {name: %s, namespace: prod}
                    spec:
                      provider:
                        type: %s
                        address: "%s"
                        region: eu-west-1
                        headers:
                          Authorization: ["Bearer %s"]
                    %s
                      query: "sum(rate(requests{app='{{ target }}'}[1m]))"
                    ---
                    """.formatted(name, provider[0], provider[0].equals("cloudwatch")
                            // CloudWatch refuses an endpoint with credentials (the AWS SDK logs it): its secret is the AWS key.
                            ? echoingBackend() : addressWithCredentials(echoingBackend(), name),
                    scan.plant(name + " header"), provider[1].isEmpty() ? "" : "    secretRef: {name: " + provider[1] + "}");
            metrics.add("      - {name: " + name + ", templateRef: {name: " + name + "}, thresholdRange: {max: 5}, interval: 1m}");
            metricByProvider.put(name, metrics.get(metrics.size() - 1));
        }
        String hook = "http://hook-user:" + scan.plant("webhook url password") + "@loadtester.test/gate?token="
                + scan.plant("webhook url query token");
        String canary = """
                apiVersion: flagger.app/v1beta1
                kind: AlertProvider
                metadata: {name: on-call, namespace: prod}
                spec:
                  type: slack
                  channel: on-call
                  address: "https://hooks.slack.com/services/T0/B0/%s"
                  proxy: "http://proxy-user:%s@proxy.test:3128"
                ---
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web, namespace: prod}
                spec:
                  metricsServer: "http://prom-user:%s@prometheus.test:9090"
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  service: {port: 80}
                  analysis:
                    interval: 1m
                    threshold: 2
                    maxWeight: 20
                    stepWeight: 10
                    alerts: [{name: on-call, severity: error, providerRef: {name: on-call}}]
                    webhooks:
                      - {name: gate, type: confirm-rollout, url: "%s"}
                      - name: load
                        url: "%s"
                        metadata: {cmd: "hey -H 'Authorization: Bearer %s' http://web-canary.prod/"}
                    metrics:
                %s
                """.formatted(scan.plant("alert provider address"), scan.plant("alert provider proxy password"),
                scan.plant("metrics server password"), hook, hook, scan.plant("webhook metadata command"),
                String.join("\n", metrics));
        Files.writeString(dir.resolve("templates.yaml"), templates.substring(0, templates.lastIndexOf("---")));
        for (Map.Entry<String, String> metric : metricByProvider.entrySet()) {
            Files.writeString(dir.resolve("canary-" + metric.getKey() + ".yaml"),
                    canary.replace(String.join("\n", metrics), metric.getValue()));
        }
        return Files.writeString(dir.resolve("canary.yaml"), canary);
    }

    private Path secrets() throws IOException {
        return Files.writeString(dir.resolve("secrets.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata: {name: prom-basic, namespace: prod}
                data: {username: %s, password: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: prom-bearer, namespace: prod}
                stringData: {token: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: datadog, namespace: prod}
                data: {datadog_api_key: %s, datadog_application_key: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: newrelic, namespace: prod}
                stringData: {newrelic_account_id: "%s", newrelic_query_key: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: graphite, namespace: prod}
                stringData: {username: graphite, password: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: influxdb, namespace: prod}
                stringData: {token: %s, org: canaries}
                """.formatted(b64("prom"), b64(scan.plant("prometheus basic-auth password")), scan.plant("prometheus bearer token"),
                b64(scan.plant("datadog api key")), b64(scan.plant("datadog application key")),
                scan.plant("newrelic account id"), scan.plant("newrelic query key"), scan.plant("graphite password"),
                scan.plant("influxdb token")));
    }

    @Test
    void noPlantedSecretReachesOutputLogsOrReports() throws IOException {
        assertThat(LoggerFactory.getLogger(SecretLeakScanTest.class).isTraceEnabled()).as("logging at TRACE").isTrue();
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", scan.plant("aws secret access key"));
        Path canary = manifests();
        Path templates = dir.resolve("templates.yaml");
        Path secrets = secrets();
        Path badSecrets = Files.writeString(dir.resolve("bad-secrets.yaml"), "apiVersion: v1\nkind: Secret\ndata: {token: ["
                + scan.plant("malformed secret manifest") + "\n");
        Path report = dir.resolve("report.html");

        run("validate", "validate", canary.toString(), templates.toString());
        run("validate --strict", "validate", "--strict", canary.toString(), templates.toString());
        for (String provider : metricByProvider.keySet()) {
            String one = dir.resolve("canary-" + provider + ".yaml").toString();
            run("check-metrics " + provider, "check-metrics", "--canary", one, "--templates", templates.toString(),
                    "--secrets", secrets.toString());
            run("check-metrics --json " + provider, "check-metrics", "--canary", one, "--templates", templates.toString(),
                    "--secrets", secrets.toString(), "--json");
        }
        run("check-metrics bad --secrets", "check-metrics", "--canary", canary.toString(), "--templates",
                templates.toString(), "--secrets", badSecrets.toString());
        run("check-metrics bad --prometheus", "check-metrics", "--canary", canary.toString(), "--templates",
                templates.toString(), "--prometheus", "ftp://user:" + scan.plant("--prometheus password") + "@prom.test/");
        run("simulate --json", "simulate", "--canary", canary.toString(), "--templates", templates.toString(), "--json",
                "--report", report.toString());
        outputs.put("HTML report", Files.exists(report) ? Files.readString(report) : "");
        outputs.put("logs (TRACE)", logs.toString(StandardCharsets.UTF_8));

        List<String> leaks = new ArrayList<>();
        outputs.forEach((where, text) -> leaks.addAll(scan.leaks(where, text)));
        keepForInspection();

        assertThat(stubs).as("every backend was queried").allSatisfy(stub -> assertThat(stub.received()).isNotEmpty());
        assertThat(outputs.get("simulate --json stdout")).contains("\"ticks\"");
        assertThat(outputs.get("HTML report")).contains("<html");
        assertThat(leaks).isEmpty();
        originalErr.println("secrets planted: " + scan.planted().size() + ", places scanned: " + outputs.size()
                + ", characters scanned: " + outputs.values().stream().mapToInt(String::length).sum());
    }

    /** What was scanned, under target/secret-scan/, so that a failure can be read. */
    private void keepForInspection() throws IOException {
        Path kept = Files.createDirectories(Path.of("target", "secret-scan"));
        try (var old = Files.list(kept)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        for (Map.Entry<String, String> output : outputs.entrySet()) {
            Files.writeString(kept.resolve(output.getKey().replaceAll("[^A-Za-z0-9-]+", "_") + ".txt"), output.getValue());
        }
    }

    @Test
    void theScanFindsASecretThatIsPrinted() throws IOException {
        Path canary = manifests();
        String planted = scan.planted().keySet().iterator().next();

        run("a leaking command", "validate", canary.toString(), "--plugin-path", dir.resolve(planted).toString());

        assertThat(outputs.values().stream().flatMap(text -> scan.leaks("output", text).stream()).toList())
                .isNotEmpty();
    }
}
