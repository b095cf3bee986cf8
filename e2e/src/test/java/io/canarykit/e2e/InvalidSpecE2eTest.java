package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A newcomer's typo on a real server: {@code maximum: 500} for {@code max: 500}. kubectl refuses it
 * client-side, but a GitOps controller applies it straight to the API server, which prunes the unknown
 * field (Flagger's CRD is structural): the operator sees a range with no bound, a check that could never fail. It must not run that canary: it writes an {@code InvalidSpec}
 * condition and one Warning event, touches no workload, and goes ahead once the spec is fixed.
 */
@ExtendWith(Cluster.Extension.class)
class InvalidSpecE2eTest {

    private static final Duration RUN = Duration.ofSeconds(90);

    @Test
    @DisplayName("10 invalid spec: a pruned typo leaves a check that can never fail; the operator refuses it in status and events")
    void aCanaryWhoseCheckCanNeverFailIsRefusedUntilFixed(Cluster cluster) throws Exception {
        String name = "10-invalid-spec";
        Path dir = cluster.settings.caseDir(name);
        cluster.freshNamespace(name);
        cluster.deployWeb(Cluster.OLD_IMAGE, 0);
        String typo = cluster.reference().canary(spec -> durationRange(spec).put("maximum", 500)).yaml();
        Files.writeString(dir.resolve("web-typo.yaml"), typo);
        assertThat(cluster.kubectl.tryRun(typo, "apply", "-f", "-").output())
                .as("kubectl's client-side validation catches it").contains("unknown field \"maximum\"");
        // A GitOps controller sends the manifest straight to the API server, which prunes the field.
        cluster.kubectl.runWithInput(typo, "apply", "--validate=false", "-f", "-");
        assertThat(cluster.kubectl.run("-n", cluster.namespace(), "get", "canary", "web", "-o",
                "jsonpath={.spec.analysis.metrics[1].thresholdRange}")).as("the API server pruned the unknown field").isEqualTo("{}");

        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
            cluster.startOperator(name);
            String condition = Awaitility.await("the InvalidSpec condition").atMost(RUN).pollInterval(Duration.ofMillis(250))
                    .until(() -> condition(cluster, "InvalidSpec"), text -> !text.isBlank());
            assertThat(condition).isEqualTo("True InvalidSpec The canary spec is invalid, nothing is done until it is fixed: "
                    + "spec.analysis.metrics[1].thresholdRange: must set min or max: an empty range lets every value pass, so "
                    + "the check can never fail");
            String describe = cluster.kubectl.run("-n", cluster.namespace(), "describe", "canary", "web");
            Files.writeString(dir.resolve("kubectl-describe-canary-invalid.txt"), describe);
            assertThat(describe).contains("InvalidSpec");
            assertThat(cluster.canaryEvents()).singleElement().satisfies(event -> assertThat(event)
                    .startsWith("Warning Synced: The canary spec is invalid").endsWith("(x1)"));
            assertThat(cluster.admin.apps().deployments().inNamespace(cluster.namespace()).withName("web-primary").get())
                    .as("no workload touched").isNull();
            assertThat(history.phases()).as("no phase written").isEmpty();

            cluster.apply(name, "web.yaml", cluster.reference().yaml());
            history.awaitPhase("Initialized", RUN);
            assertThat(condition(cluster, "InvalidSpec")).as("the condition goes with the fix").isBlank();
        }
    }

    private static String condition(Cluster cluster, String type) {
        return cluster.kubectl.run("-n", cluster.namespace(), "get", "canary", "web", "-o",
                "jsonpath={.status.conditions[?(@.type==\"" + type + "\")]['status','reason','message']}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> durationRange(Map<String, Object> spec) {
        List<Map<String, Object>> metrics = (List<Map<String, Object>>) ReferenceCanary.child(spec, "analysis").get("metrics");
        Map<String, Object> duration = metrics.stream().filter(m -> "request-duration".equals(m.get("name"))).findFirst()
                .orElseThrow();
        Map<String, Object> range = ReferenceCanary.child(duration, "thresholdRange");
        range.remove("max");
        return range;
    }
}
