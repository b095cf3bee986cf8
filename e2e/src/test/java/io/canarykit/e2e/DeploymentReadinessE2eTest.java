package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who makes a Deployment ready here: the harness plays only the kubelet, writing each Pod's status
 * through {@code pods/status} ({@link PlayedKubelet}); the real kube-controller-manager's ReplicaSet
 * and Deployment controllers turn Ready pods into {@code readyReplicas}/{@code availableReplicas} and
 * the {@code Available} condition — the fields the operator's readiness check reads. The managed
 * fields the API server records name the writer of each.
 */
@ExtendWith(Cluster.Extension.class)
class DeploymentReadinessE2eTest {

    @Test
    @DisplayName("8 readiness: pods made Ready by the played kubelet, Deployment status by the real kube-controller-manager")
    void deploymentStatusComesFromTheControllerManager(Cluster cluster) {
        String name = "8-readiness";
        cluster.freshNamespace(name);
        cluster.deployWeb(Cluster.OLD_IMAGE, 0);
        Deployment web = Awaitility.await("web available").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.deployment("web"), d -> d.getStatus() != null && Integer.valueOf(1).equals(d.getStatus().getReadyReplicas())
                        && d.getStatus().getConditions().stream().anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus())));
        assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(1);
        assertThat(statusWriters(web.getMetadata().getManagedFields())).containsExactly("kube-controller-manager");

        List<Pod> pods = cluster.admin.pods().inNamespace(cluster.namespace()).withLabel("app", "web").list().getItems();
        assertThat(pods).singleElement().satisfies(pod -> {
            assertThat(pod.getSpec().getNodeName()).as("no scheduler: the pod is bound to no node").isNull();
            assertThat(statusWriters(pod.getMetadata().getManagedFields())).as("who wrote the pod's status")
                    .isNotEmpty().doesNotContain("kube-controller-manager").allSatisfy(m -> assertThat(m).startsWith("fabric8"));
        });
    }

    /** The managers whose entries own fields under {@code status}. */
    private static List<String> statusWriters(List<ManagedFieldsEntry> entries) {
        return entries.stream().filter(e -> e.getFieldsV1() != null && e.getFieldsV1().getAdditionalProperties().containsKey("f:status"))
                .map(ManagedFieldsEntry::getManager).distinct().toList();
    }
}
