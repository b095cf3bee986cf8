package io.canarykit.cli.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the cluster commands connect, resolved as kubectl resolves it: {@code --kubeconfig}, else
 * {@code $KUBECONFIG}, else {@code ~/.kube/config}, else the in-cluster service account; the
 * context's namespace unless {@code -n} names one.
 */
public final class ClusterOptions {

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", description = "The namespace (default: the context's, else default).")
    @Nullable String namespace;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use (default: the current one).")
    @Nullable String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    @Nullable Path kubeconfig;

    public KubernetesClient connect() {
        Config config = kubeconfig == null ? Config.autoConfigure(context) : Config.fromKubeconfig(context, kubeconfig.toFile());
        // One attempt per request: a CLI reports an unreachable server at once instead of retrying quietly.
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public String namespace(KubernetesClient client) {
        if (namespace != null && !namespace.isEmpty()) {
            return namespace;
        }
        String fromContext = client.getNamespace();
        return fromContext == null || fromContext.isEmpty() ? "default" : fromContext;
    }
}
