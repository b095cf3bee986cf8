package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.providers.http.StubBackend;
import io.canarykit.providers.http.StubBackend.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code canary check-metrics} with non-Prometheus templates: addresses as written, secretRefs from --secrets. */
class CheckMetricsProvidersTest {

    private static final String API_KEY = "dd-api-key-0123456789";
    private static final String APP_KEY = "dd-app-key-9876543210";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path canary(String address, String metrics) throws IOException {
        return Files.writeString(dir.resolve("canary.yaml"), """
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata:
                  name: not-found-percentage
                  namespace: prod
                spec:
                  provider:
                    type: datadog
                    address: %s
                    secretRef:
                      name: datadog
                  query: sum:istio.mesh.request.count{destination_workload:{{ target }}}.as_count()
                ---
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: web
                  namespace: prod
                spec:
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: web
                  service:
                    port: 80
                  analysis:
                    interval: 1m
                    threshold: 2
                    maxWeight: 50
                    stepWeight: 10
                    metrics:
                %s
                """.formatted(address, metrics));
    }

    private static final String DATADOG_METRIC = """
                      - name: "404s percentage"
                        templateRef:
                          name: not-found-percentage
                        thresholdRange:
                          max: 5
                        interval: 1m
            """;

    private Path secrets() throws IOException {
        return Files.writeString(dir.resolve("secrets.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: datadog
                  namespace: prod
                data:
                  datadog_api_key: %s
                stringData:
                  datadog_application_key: %s
                """.formatted(b64(API_KEY), APP_KEY));
    }

    private static StubBackend datadog(String value) {
        return new StubBackend(r -> {
            if (!API_KEY.equals(r.header("DD-API-KEY")) || !APP_KEY.equals(r.header("DD-APPLICATION-KEY"))) {
                return Reply.json(403, "{\"errors\":[\"Forbidden\"]}");
            }
            return r.path().equals("/api/v1/validate") ? Reply.ok("{\"valid\":true}")
                    : Reply.ok("{\"series\":[{\"pointlist\":[[1700000000000," + value + "]]}]}");
        });
    }

    @Test
    void aDatadogTemplateIsQueriedAtItsAddressWithKeysFromTheSecretManifestAndWithoutPrometheus() throws IOException {
        try (StubBackend stub = datadog("1.5")) {
            int exit = run("check-metrics", "--canary", canary(stub.url(), DATADOG_METRIC).toString(),
                    "--secrets", secrets().toString());

            assertThat(err.toString()).isEmpty();
            assertThat(exit).isZero();
            assertThat(out.toString().lines()).containsExactly("404s percentage 1.5 ≤ 5 ✓",
                    "  query: sum:istio.mesh.request.count{destination_workload:web}.as_count()");
            assertThat(stub.received()).extracting(StubBackend.Received::path).contains("/api/v1/validate", "/api/v1/query");
        }
    }

    @Test
    void aBadValueFailsTheCheckAndExitsOne() throws IOException {
        try (StubBackend stub = datadog("12")) {
            assertThat(run("check-metrics", "--canary", canary(stub.url(), DATADOG_METRIC).toString(),
                    "--secrets", secrets().toString())).isEqualTo(1);
            assertThat(out.toString()).contains("404s percentage 12");
        }
    }

    @Test
    void withoutTheSecretTheBackendIsReportedUnusableAndNoKeyIsPrinted() throws IOException {
        try (StubBackend stub = datadog("1")) {
            assertThat(run("check-metrics", "--canary", canary(stub.url(), DATADOG_METRIC).toString())).isEqualTo(2);
            assertThat(err.toString()).isEqualTo("canary: datadog " + stub.url() + ": unreachable: secret prod/datadog not found"
                    + System.lineSeparator());
            assertThat(stub.received()).isEmpty();
        }
    }

    @Test
    void aBuiltinMetricWithoutPrometheusIsAUsageError() throws IOException {
        String builtin = DATADOG_METRIC + """
                      - name: request-success-rate
                        thresholdRange:
                          min: 99
                        interval: 1m
            """;
        try (StubBackend stub = datadog("1")) {
            assertThat(run("check-metrics", "--canary", canary(stub.url(), builtin).toString(),
                    "--secrets", secrets().toString())).isEqualTo(2);
            assertThat(err.toString()).contains("the builtin metric request-success-rate needs a Prometheus: pass --prometheus URL");
        }
    }

    @Test
    void aSecretManifestThatIsNotASecretIsAUsageError() throws IOException {
        Path notASecret = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        try (StubBackend stub = datadog("1")) {
            assertThat(run("check-metrics", "--canary", canary(stub.url(), DATADOG_METRIC).toString(),
                    "--secrets", notASecret.toString())).isEqualTo(2);
            assertThat(err.toString()).contains("--secrets: " + notASecret + " (document 1): expected kind: Secret, found 'ConfigMap'");
        }
    }

    @Test
    void secretManifestsDecodeDataTakeStringDataAsWrittenAndMatchAnyNamespaceWhenUnset() throws IOException {
        Path file = Files.writeString(dir.resolve("s.yaml"), """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: graphite-basic-auth
                data:
                  username: %s
                  password: %s
                stringData:
                  password: plain
                """.formatted(b64("flagger"), b64("encoded")));
        SecretManifests secrets = SecretManifests.read(java.util.List.of(file));

        assertThat(secrets.resolve("flagger", "graphite-basic-auth")).hasValueSatisfying(data ->
                assertThat(data.data()).isEqualTo(Map.of("username", "flagger", "password", "plain")));
        assertThat(secrets.resolve("flagger", "other")).isEmpty();
        assertThat(secrets.resolve("flagger", "graphite-basic-auth").orElseThrow().toString()).doesNotContain("plain");
    }
}
