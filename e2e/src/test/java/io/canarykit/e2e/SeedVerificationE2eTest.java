package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's own verification, as a Flagger user does it: the reference Canary and error-rate
 * MetricTemplate on a Deployment {@code web} in {@code prod}, the operator running as its
 * ServiceAccount with exactly the shipped RBAC, metrics from a real Prometheus. A good release is
 * promoted; a release answering 20% of requests with 5xx goes to {@code Failed}, weight 0, and
 * {@code kubectl describe canary} shows the {@code Rolling back} event.
 */
@ExtendWith(Cluster.Extension.class)
class SeedVerificationE2eTest {

    static final String NEW_IMAGE = "ghcr.io/canarykit/web:1.1.0";
    static final String BAD_IMAGE = "ghcr.io/canarykit/web:1.2.0";
    private static final Duration RUN = Duration.ofMinutes(3);

    @Test
    @DisplayName("1 seed: a good release is Succeeded, a release failing 20% of requests is Failed at weight 0 (kubernetes provider)")
    void goodReleaseIsPromotedAndBadReleaseIsRolledBack(Cluster cluster) throws Exception {
        String name = "1-seed";
        Path dir = cluster.settings.caseDir(name);
        List<String> badHalts;
        cluster.freshNamespace(name, "prod");
        cluster.deployWeb(Cluster.OLD_IMAGE, 0.005);
        cluster.apply(name, "web.yaml", cluster.reference().yaml());
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
            cluster.startOperator(name);
            history.awaitPhase("Initialized", RUN);
            assertThat(cluster.deployment("web-primary").getStatus().getReadyReplicas())
                    .as("web-primary ready, as counted by the real controller-manager").isEqualTo(1);
            Process watch = cluster.kubectl.background(dir.resolve("kubectl-get-canary-w.txt"),
                    "-n", cluster.namespace(), "get", "canary", "web", "-w");
            try {
                cluster.deployWeb(NEW_IMAGE, 0.005);
                history.awaitPhase("Succeeded", RUN);
                assertThat(cluster.image("web-primary")).isEqualTo(NEW_IMAGE);
                Files.writeString(dir.resolve("kubectl-describe-canary-after-good.txt"),
                        cluster.kubectl.run("-n", cluster.namespace(), "describe", "canary", "web"));

                // With the reference's 1m interval a release ships minutes after the last; here, seconds: wait
                // until the promoted release's canary pod (scaled down) has left the query's rate window.
                cluster.prometheus.awaitEmpty("sum(rate(http_requests_total{namespace=\"prod\",kubernetes_pod_name=~\"web-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)?\"}["
                        + ReferenceCanary.RATE_WINDOW + "]))", Duration.ofSeconds(60));
                List<String> haltsOfTheGoodRelease = halts(cluster);
                cluster.deployWeb(BAD_IMAGE, 0.2);
                CanaryHistory.State failed = history.awaitPhase("Failed", RUN);
                assertThat(failed.canaryWeight()).isZero();
                badHalts = new ArrayList<>(halts(cluster));
                haltsOfTheGoodRelease.forEach(badHalts::remove);
            } finally {
                watch.destroy();
            }
        }
        assertThat(cluster.image("web-primary")).as("the primary still runs the good release").isEqualTo(NEW_IMAGE);
        assertThat(cluster.deployment("web").getSpec().getReplicas()).as("the failed canary is scaled to zero").isZero();

        String describe = cluster.kubectl.run("-n", cluster.namespace(), "describe", "canary", "web");
        Files.writeString(dir.resolve("kubectl-describe-canary.txt"), describe);
        assertThat(describe).contains("Rolling back web.prod failed checks threshold reached 3")
                .contains("Canary failed! Scaling down web.prod")
                .contains("Promotion completed! Scaling down web.prod");
        // Three failed checks, each a Halt event (identical messages are one Event with a count, as in
        // Flagger). A check may also halt on "no values found" if Prometheus has not yet scraped the new pod
        // twice: that is a failed check as well. Every value measured is the bad pod's 20%.
        assertThat(badHalts).as("failed checks of the bad release").hasSize(3);
        Matcher value = Pattern.compile("Halt web\\.prod advancement error-rate (\\d+(?:\\.\\d+)?) > 1").matcher(String.join("\n", badHalts));
        List<Double> rates = new ArrayList<>();
        while (value.find()) {
            rates.add(Double.parseDouble(value.group(1)));
        }
        assertThat(rates).as("the error rates Prometheus measured on the bad release's pod (%%): %s", badHalts).isNotEmpty()
                .allSatisfy(rate -> assertThat(rate).isBetween(15.0, 25.0));

        // The load-test webhook was POSTed Flagger's payload by the operator process at its analysis ticks.
        assertThat(cluster.loadTester.payloads()).filteredOn(p -> p.matches("(?s).*\"namespace\"\\s*:\\s*\"prod\".*"))
                .isNotEmpty().allSatisfy(payload -> assertThat(payload).containsPattern("\"name\"\\s*:\\s*\"web\"")
                        .contains("hey -z 1m -q 10 -c 2"));

        String transcript = Kubectl.read(dir.resolve("kubectl-get-canary-w.txt"));
        assertThat(transcript).containsPattern("(?m)^web\\s+Progressing\\s")
                .containsPattern("(?m)^web\\s+Succeeded\\s+0\\s")
                .containsPattern("(?m)^web\\s+Failed\\s+0\\s");
        assertThat(transcript.indexOf("Succeeded")).isLessThan(transcript.lastIndexOf("Failed"));
    }

    /** One line per Halt event occurrence: an Event seen {@code xN} times counts N times. */
    private static List<String> halts(Cluster cluster) {
        List<String> halts = new ArrayList<>();
        for (String event : cluster.canaryEvents()) {
            if (event.contains("Halt")) {
                Matcher count = Pattern.compile("^(.*) \\(x(\\d+)\\)$").matcher(event);
                boolean counted = count.find();
                String message = counted ? count.group(1) : event;
                for (int i = 0; i < (counted ? Integer.parseInt(count.group(2)) : 1); i++) {
                    halts.add(message);
                }
            }
        }
        return halts;
    }
}
