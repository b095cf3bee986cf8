package io.canarykit.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.cli.CanaryCli;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * The cluster commands against the real API server, as a release manager whose ServiceAccount has
 * exactly the Role docs/cluster-cli.md gives: {@code canary get} reads the running canary,
 * {@code abort} rolls it back, {@code retry} runs it again, {@code pause}/{@code resume} hold it,
 * {@code promote --full} ends it; a viewer without {@code patch} is refused with what is missing.
 */
@ExtendWith(Cluster.Extension.class)
class ClusterCliE2eTest {

    private static final Duration RUN = Duration.ofMinutes(2);

    private record Run(int code, String out, String err) {
    }

    private static Run canary(Path kubeconfig, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CanaryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(Stream.concat(Stream.of(args), Stream.of("--kubeconfig", kubeconfig.toString())).toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    @DisplayName("13 cluster CLI: get, abort, retry, pause, resume and promote --full as a release manager with the documented Role")
    void aReleaseManagerOperatesTheCanaryFromTheTerminal(Cluster cluster) throws Exception {
        String name = "13-cluster-cli";
        GatewayApiRun.prepare(cluster, name);
        Path dir = cluster.settings.caseDir(name);
        Path manager = account(cluster, "release-manager", List.of(
                rule("flagger.app", "canaries", "get", "list", "watch", "patch"), rule("", "events", "list")), dir);
        Path viewer = account(cluster, "viewer", List.of(rule("flagger.app", "canaries", "get", "list"), rule("", "events", "list")), dir);

        try (CanaryHistory history = new CanaryHistory(cluster.admin, cluster.namespace(), "web")) {
            cluster.startOperator(name);
            history.awaitPhase("Initialized", RUN);
            cluster.deployWeb(SeedVerificationE2eTest.NEW_IMAGE, 0.005);
            history.awaitWeight(20, RUN);

            Run get = canary(manager, "get", "web");
            Files.writeString(dir.resolve("canary-get-web.txt"), get.out());
            assertThat(get.code()).as(get.err()).isZero();
            assertThat(get.out()).contains("Canary web." + cluster.namespace(), "Phase:          Progressing", "Events:")
                    .containsPattern("error-rate\\s+\\S+\\s+≤ 1\\s+✓ pass").containsPattern("request-duration\\s+\\S+\\s+≤ 500\\s+✓ pass");
            Run json = canary(manager, "get", "web", "--json");
            assertThat(new ObjectMapper().readTree(json.out()).get("phase").asText()).isEqualTo("Progressing");

            Run refused = canary(viewer, "abort", "web");
            assertThat(refused.code()).isEqualTo(CanaryCli.USAGE_OR_IO);
            assertThat(refused.err()).startsWith("canary abort: forbidden: this needs get and patch on canaries (apiGroup flagger.app) "
                    + "in namespace " + cluster.namespace());

            assertThat(canary(manager, "abort", "web").code()).isZero();
            history.awaitPhase("Failed", RUN);
            assertThat(cluster.canaryEvents()).anyMatch(e -> e.contains("aborted by canary abort ("));
            assertThat(cluster.image("web-primary")).as("the primary kept the old version").isEqualTo(Cluster.OLD_IMAGE);

            assertThat(canary(manager, "retry", "web").code()).isZero();
            history.awaitPhase("Progressing", RUN);
            assertThat(canary(manager, "pause", "web").code()).isZero();
            assertThat(canary(manager, "get").out()).contains("Progressing (suspended)");
            assertThat(canary(manager, "resume", "web").code()).isZero();

            assertThat(canary(manager, "promote", "web", "--full").code()).isZero();
            history.awaitPhase("Succeeded", RUN);
            assertThat(cluster.image("web-primary")).isEqualTo(SeedVerificationE2eTest.NEW_IMAGE);
            Files.writeString(dir.resolve("canary-get-final.txt"), canary(manager, "get", "web").out());
        }
    }

    private static PolicyRule rule(String group, String resource, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
    }

    /** A ServiceAccount bound to a Role of {@code rules} in the case's namespace, and its kubeconfig. */
    private static Path account(Cluster cluster, String name, List<PolicyRule> rules, Path dir) {
        String ns = cluster.namespace();
        cluster.admin.serviceAccounts().inNamespace(ns).resource(new ServiceAccountBuilder().withNewMetadata().withName(name)
                .withNamespace(ns).endMetadata().build()).create();
        cluster.admin.rbac().roles().inNamespace(ns).resource(new RoleBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withRules(rules).build()).create();
        cluster.admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder().withNewMetadata().withName(name)
                .withNamespace(ns).endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(ns).endSubject().build()).create();
        return ServiceAccountKubeconfig.write(cluster.admin, ns, name, dir.resolve(name + ".kubeconfig"));
    }
}
