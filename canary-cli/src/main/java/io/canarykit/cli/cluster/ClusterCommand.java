package io.canarykit.cli.cluster;

import io.canarykit.cli.CanaryCli;
import io.canarykit.cli.CliCommand;
import io.canarykit.k8s.CanaryApiGroup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import picocli.CommandLine.Mixin;

/**
 * A cluster command: connects as kubectl would, runs, and turns the API server's answers into one
 * line and an exit code — 1 when the Canary does not exist, 2 when the server cannot be reached or
 * refuses (with the permission that was missing).
 */
public abstract class ClusterCommand extends CliCommand {

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    /** What the command does, with a connected client. */
    protected abstract int run(ClusterCanaries canaries, String namespace, PrintWriter out, PrintWriter err)
            throws InterruptedException;

    /** The verb and resource the command needs, for the message when RBAC refuses it ({@code patch canaries}). */
    protected abstract String needs();

    @Override
    protected final int run(PrintWriter out, PrintWriter err) throws InterruptedException {
        String name = spec().name();
        try (KubernetesClient client = cluster.connect()) {
            String namespace = cluster.namespace(client);
            try {
                return run(new ClusterCanaries(client, CanaryApiGroup.FLAGGER), namespace, out, err);
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    err.println("canary " + name + ": not found: " + e.getStatus().getMessage()
                            + " (is Flagger's or CanaryKit's Canary CRD installed?)");
                    return CanaryCli.NEGATIVE;
                }
                if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                    err.println("canary " + name + ": forbidden: this needs " + needs() + " (apiGroup flagger.app) in namespace "
                            + namespace + ": " + e.getStatus().getMessage());
                    return CanaryCli.USAGE_OR_IO;
                }
                err.println("canary " + name + ": " + describe(e, client));
                return CanaryCli.USAGE_OR_IO;
            }
        } catch (KubernetesClientException e) {
            err.println("canary " + name + ": " + e.getMessage());
            return CanaryCli.USAGE_OR_IO;
        }
    }

    private static String describe(KubernetesClientException e, KubernetesClient client) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (e.getCode() <= 0) {
            return "cannot reach the API server at " + client.getMasterUrl() + ": " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage());
        }
        return e.getCode() + " " + (e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
    }
}
