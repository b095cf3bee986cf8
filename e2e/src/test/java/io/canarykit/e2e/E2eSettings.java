package io.canarykit.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code e2e/real-cluster.sh} hands the suite through the environment: the admin kubeconfig
 * of the control plane it started, the kubectl built from the same tree, the Prometheus that scrapes
 * the played pods, and where the artifacts go. A missing variable stops the suite with the reason.
 */
record E2eSettings(Path adminKubeconfig, Path kubectl, String prometheusUrl, Path scrapeTargets, Path out,
        Path controlPlane, Path projectRoot) {

    static E2eSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        Path root = Path.of(required(env, "E2E_PROJECT_ROOT")).toAbsolutePath();
        return new E2eSettings(Path.of(required(env, "KUBECONFIG")), Path.of(required(env, "KUBECTL")),
                required(env, "PROMETHEUS_URL"), Path.of(required(env, "E2E_SCRAPE_TARGETS")),
                Path.of(Optional.ofNullable(env.get("E2E_OUT")).orElse(root.resolve("target/e2e").toString())),
                Path.of(required(env, "E2E_CONTROL_PLANE")), root);
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: the end-to-end suite runs from e2e/real-cluster.sh, "
                    + "which starts the control plane and Prometheus first");
        }
        return value;
    }

    /** The directory of one case's artifacts (created). */
    Path caseDir(String name) {
        try {
            return Files.createDirectories(out.resolve(name));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
