package io.canarykit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The first mistakes a new user makes in a manifest, each caught by {@code canary validate} with a way out. */
class NewcomerMistakesTest {

    private static final Path REFERENCE = Path.of("..", "examples", "manifests", "web.yaml");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void aMetricWithoutAnyThresholdIsAnErrorNotASilentPass() throws IOException {
        Path web = write("web.yaml", reference().replace("        thresholdRange:\n          max: 500\n", ""));

        assertThat(run("validate", web.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(web + ": spec.analysis.metrics[1].thresholdRange: is required: "
                + "without thresholdRange (or the deprecated threshold) the latency is compared with 0ms, so the check fails "
                + "for any request");
    }

    @Test
    void aMisspelledBoundIsReportedAsUnknownAndAsAnEmptyRange() throws IOException {
        Path web = write("web.yaml", reference().replace("          max: 500\n", "          maximum: 500\n"));

        assertThat(run("validate", web.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                web + ": spec.analysis.metrics[1].thresholdRange.maximum: warning: unknown field, ignored (did you mean \"max\"?)",
                web + ": spec.analysis.metrics[1].thresholdRange: must set min or max: an empty range lets every value pass, "
                        + "so the check can never fail");
    }

    @Test
    void aTypoInAFieldNameSuggestsTheFieldAndStrictMakesItFail() throws IOException {
        Path web = write("web.yaml", reference().replace("    threshold: 3\n", "    treshold: 3\n    threshold: 3\n"));

        assertThat(run("validate", web.toString())).isZero();
        assertThat(out.toString().lines()).containsExactly(
                web + ": spec.analysis.treshold: warning: unknown field, ignored (did you mean \"threshold\"?)", "OK " + web);

        out.getBuffer().setLength(0);
        assertThat(run("validate", "--strict", web.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                web + ": spec.analysis.treshold: warning: unknown field, ignored (did you mean \"threshold\"?)");
    }

    @Test
    void aProviderTypeNotBuiltInIsAWarningThatStrictTurnsIntoAnError() throws IOException {
        Path web = write("web.yaml", reference().replace("type: prometheus", "type: dynatrace"));

        assertThat(run("validate", web.toString())).isZero();
        assertThat(out.toString()).contains(web + ": spec.provider.type: warning: no provider of type \"dynatrace\" in this "
                + "build; it must be registered at run time");
        assertThat(run("validate", "--strict", web.toString())).isEqualTo(1);
    }

    @Test
    void aProviderWithoutARouterInThisBuildIsAWarning() throws IOException {
        Path web = write("web.yaml", reference().replace("spec:\n  targetRef", "spec:\n  provider: contour\n  targetRef"));

        assertThat(run("validate", web.toString())).isZero();
        assertThat(out.toString()).contains(web + ": spec.provider: warning: no traffic router for provider \"contour\" in "
                + "this build (gatewayapi, gatewayapi:v1, gatewayapi:v1beta1, istio, knative, kubernetes, linkerd, nginx, osm, "
                + "smi:v1alpha1, smi:v1alpha2, smi:v1alpha3); it must be registered at run time");
    }

    @Test
    void flaggersKnativeManifestIsValidAndAKnativeTargetNeedsTheKnativeProvider() throws IOException {
        String manifest = """
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: podinfo, namespace: test}
                spec:
                  provider: knative
                  targetRef: {apiVersion: serving.knative.dev/v1, kind: Service, name: podinfo}
                  analysis:
                    interval: 15s
                    threshold: 15
                    maxWeight: 50
                    stepWeight: 10
                    metrics:
                      - name: request-success-rate
                        thresholdRange: {min: 99}
                        interval: 1m
                """;
        Path knative = write("knative.yaml", manifest);
        assertThat(run("validate", "--strict", knative.toString())).as(out.toString()).isZero();

        out.getBuffer().setLength(0);
        Path wrong = write("knative-wrong.yaml", manifest.replace("provider: knative", "provider: gatewayapi"));
        assertThat(run("validate", wrong.toString())).isEqualTo(1);
        assertThat(out.toString().lines()).first().isEqualTo(wrong + ": spec.provider: can't use \"gatewayapi\" provider with a "
                + "Knative Service as target: set provider: knative");
    }

    @Test
    void aPluginOnThePluginPathMakesItsProviderTypeKnown() throws IOException {
        Path manifest = write("constant.yaml", String.join("---\n", PluginJar.manifests()));
        Path plugins = dir.resolve("plugins");
        PluginJar.write(plugins, dir.resolve("build"));

        assertThat(run("validate", "--strict", manifest.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("no provider of type \"constant\" in this build");

        out.getBuffer().setLength(0);
        assertThat(run("validate", "--strict", "--plugin-path", plugins.toString(), manifest.toString())).isZero();
        assertThat(out.toString()).isEqualTo("OK " + manifest + System.lineSeparator());
    }

    @Test
    void aPluginPathThatIsNoDirectoryIsAUsageError() {
        Path missing = dir.resolve("no-such-dir");

        assertThat(run("validate", "--plugin-path", missing.toString(), REFERENCE.toString())).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("canary: --plugin-path " + missing + ": not a directory" + System.lineSeparator());
    }

    @Test
    void aRenderedChartIsValidatedForItsFlaggerResourcesOnly() throws IOException {
        Path rendered = write("chart.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n" + reference()
                + "\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n");

        assertThat(run("validate", "--strict", rendered.toString())).as(out.toString()).isZero();
        assertThat(out.toString()).isEqualTo("OK " + rendered + System.lineSeparator());
    }

    @Test
    void helmOutputWithEmptyDocumentsIsRead() throws IOException {
        Path rendered = write("rendered.yaml", "---\n# Source: web/templates/canary.yaml\n" + reference() + "\n---\n---\n");

        assertThat(run("validate", rendered.toString())).isZero();
        assertThat(out.toString()).isEqualTo("OK " + rendered + System.lineSeparator());
    }

    @Test
    void everyCommandsHelpStatesItsExitCodes() {
        for (String command : new String[] {"validate", "simulate", "check-metrics", "get", "promote", "abort", "retry", "pause", "resume", "dashboard"}) {
            out.getBuffer().setLength(0);
            assertThat(run(command, "--help")).as(command).isZero();
            assertThat(out.toString()).as(command).contains("Exit codes:").containsPattern("(?m)^\\s+0\\s")
                    .containsPattern("(?m)^\\s+1\\s").containsPattern("(?m)^\\s+2\\s");
        }
        out.getBuffer().setLength(0);
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Exit codes:");
    }

    @Test
    void theDemosAreFoundInTheirOwnJar() {
        for (String command : new String[] {"demo", "operator-demo"}) {
            err.getBuffer().setLength(0);
            assertThat(run(command, "--scenario", "bad")).as(command).isEqualTo(CanaryCli.USAGE_OR_IO);
            assertThat(err.toString()).as(command).isEqualTo("canary: " + command + " ships in canary-demo.jar, not in this CLI jar: "
                    + "run ./demo from a CanaryKit checkout, or java -jar canary-demo.jar " + command + System.lineSeparator());
        }
        err.getBuffer().setLength(0);
        assertThat(run("demos")).isEqualTo(CanaryCli.USAGE_OR_IO);
        assertThat(err.toString()).as("any other unknown command keeps picocli's message").startsWith("Unmatched argument");
    }

    private String reference() throws IOException {
        return Files.readString(REFERENCE);
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private int run(String... args) {
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
