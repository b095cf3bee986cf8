package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first contact with a real server found the operator unable to start and yet alive (a 503
 * {@code /healthz} until SIGTERM). An operator that cannot start now exits with status 1 and says
 * why, so that Kubernetes restarts it with back-off: shown with a ServiceAccount bound to no RBAC.
 */
@ExtendWith(Cluster.Extension.class)
class StartFailureE2eTest {

    @Test
    @DisplayName("9 start failure: an operator whose ServiceAccount may not list Canaries exits 1 and says why")
    void anOperatorThatCannotStartExits(Cluster cluster) {
        String name = "9-start-failure";
        cluster.freshNamespace(name);
        cluster.kubectl.run("-n", cluster.namespace(), "create", "serviceaccount", "nobody");
        Path kubeconfig = ServiceAccountKubeconfig.write(cluster.admin, cluster.namespace(), "nobody",
                cluster.settings.caseDir(name).resolve("nobody.kubeconfig"));
        OperatorProcess operator = OperatorProcess.start("nobody", kubeconfig, cluster.namespace(), cluster.settings.prometheusUrl(),
                cluster.settings.caseDir(name), Map.of());
        try {
            int exit = Awaitility.await("the operator to exit").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(operator::exitValue, code -> code.isPresent()).orElseThrow();
            assertThat(exit).isEqualTo(1);
            assertThat(Kubectl.read(operator.log())).contains("operator failed to start")
                    .contains("system:serviceaccount:" + cluster.namespace() + ":nobody").contains("forbidden");
        } finally {
            operator.close();
        }
    }
}
