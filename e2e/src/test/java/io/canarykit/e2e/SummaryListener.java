package io.canarykit.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes {@code target/e2e/summary.json} when the suite ends:
 * {@code {"kubernetesVersion": "v1.20.2", "cases": [{"name": ..., "passed": true|false, "seconds": ...}]}},
 * one case per test, named by its display name. Registered through ServiceLoader, so surefire's
 * launcher calls it.
 */
public final class SummaryListener implements TestExecutionListener {

    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final List<String> cases = new ArrayList<>();

    @Override
    public void executionStarted(TestIdentifier test) {
        started.put(test.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            add(test.getDisplayName(), false, 0);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest()) {
            long begun = started.getOrDefault(test.getUniqueId(), System.nanoTime());
            add(test.getDisplayName(), result.getStatus() == TestExecutionResult.Status.SUCCESSFUL, (System.nanoTime() - begun) / 1e9);
        }
    }

    private synchronized void add(String name, boolean passed, double seconds) {
        cases.add("    {\"name\": \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\", \"passed\": " + passed
                + ", \"seconds\": " + String.format(java.util.Locale.ROOT, "%.1f", seconds) + "}");
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        String out = System.getenv("E2E_OUT");
        if (out == null) {
            return;
        }
        String json = "{\n  \"kubernetesVersion\": \"" + kubernetesVersion() + "\",\n  \"cases\": [\n" + String.join(",\n", cases)
                + "\n  ]\n}\n";
        try {
            Path dir = Files.createDirectories(Path.of(out));
            Files.writeString(dir.resolve("summary.json"), json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String kubernetesVersion() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            return client.getKubernetesVersion().getGitVersion();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
