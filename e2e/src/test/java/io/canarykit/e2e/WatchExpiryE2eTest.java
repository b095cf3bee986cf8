package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Every watch expires mid-run: the API server is killed, etcd compacted to its current revision
 * and the API server started again ({@code e2e/control-plane.sh restart-apiserver}). A watch resumed
 * from an older resourceVersion is answered {@code 410 Gone} (shown first with a watch of the
 * test's own); the operator's informers relist (their log says so) and the canary finishes with
 * every step once, in order: no tick acted on a stale status.
 */
@ExtendWith(Cluster.Extension.class)
// Alone: it restarts the API server, which every other case relies on.
@Isolated
class WatchExpiryE2eTest {

    @Test
    @DisplayName("5 watch expiry: etcd compacted and the API server restarted mid-run; 410 Gone, informers relist, the canary finishes")
    void informersRelistAfterGoneAndTheCanaryFinishes(Cluster cluster) throws Exception {
        String name = "5-watch-expiry";
        GatewayApiRun.prepare(cluster, name);
        ConfigMap marker = cluster.admin.configMaps().inNamespace(cluster.namespace()).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("marker").endMetadata().addToData("v", "1").build()).create();
        String oldVersion = marker.getMetadata().getResourceVersion();
        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
            OperatorProcess operator = cluster.startOperator(name);
            history.awaitPhase("Initialized", GatewayApiRun.RUN);
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            history.awaitWeight(20, GatewayApiRun.RUN);

            restartApiServerCompacted(cluster);
            assertThat(watchFrom(cluster, oldVersion)).as("a watch from resourceVersion %s after the compaction", oldVersion)
                    .satisfies(e -> assertThat(e.isHttpGone()).as("410 Gone: %s", e.getMessage()).isTrue());

            history.awaitPhase("Succeeded", GatewayApiRun.RUN);
            assertThat(operator.isAlive()).isTrue();
            assertThat(Kubectl.read(operator.log())).as("the operator's informers relisted after 410 Gone")
                    .contains("Watch restarting due to http gone");
            List<Long> weights = history.weights();
            assertThat(weights).containsSubsequence(0L, 10L, 20L, 30L, 40L, 50L, 0L);
            assertThat(weights.subList(0, weights.lastIndexOf(50L) + 1)).as("no weight undone").isSorted();
        }
        assertThat(cluster.gateway.weights(cluster.namespace())).containsExactlyElementsOf(GatewayApiRun.PROMOTED_SPLITS);
        assertThat(cluster.canaryEvents()).filteredOn(e -> e.contains("Advance " + cluster.dotted("web") + " canary weight")).hasSize(5)
                .allSatisfy(e -> assertThat(e).endsWith("(x1)"));
    }

    private static void restartApiServerCompacted(Cluster cluster) throws IOException, InterruptedException {
        Process restart = new ProcessBuilder(cluster.settings.controlPlane().toString(), "restart-apiserver")
                .redirectErrorStream(true).start();
        String output = new String(restart.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(restart.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(restart.exitValue()).as("control-plane.sh restart-apiserver:\n%s", output).isZero();
        assertThat(output).contains("etcd compacted at revision");
    }

    /** How a watch on ConfigMaps from {@code resourceVersion} ends. */
    private static WatcherException watchFrom(Cluster cluster, String resourceVersion) throws Exception {
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        try (var watch = cluster.admin.configMaps().inNamespace(cluster.namespace()).withResourceVersion(resourceVersion)
                .watch(new Watcher<ConfigMap>() {
                    @Override
                    public void eventReceived(Action action, ConfigMap resource) {
                    }

                    @Override
                    public boolean reconnecting() {
                        return false;
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        closed.complete(cause);
                    }

                    @Override
                    public void onClose() {
                        closed.complete(null);
                    }
                })) {
            return closed.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
        }
    }
}
