package io.canarykit.e2e;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * A kubeconfig for a ServiceAccount, as a pod would see it mounted: the token and CA certificate of
 * the account's token Secret (created by the real controller-manager's token controller, v1.20),
 * and the API server's address. Processes using it have exactly the RBAC bound to that account.
 */
final class ServiceAccountKubeconfig {

    private ServiceAccountKubeconfig() {
    }

    static Path write(KubernetesClient admin, String namespace, String account, Path file) {
        Secret secret = Awaitility.await("the token Secret of ServiceAccount " + namespace + "/" + account)
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> tokenSecret(admin, namespace, account), Optional::isPresent).orElseThrow();
        String token = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: e2e
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    token: %s
                contexts:
                - name: e2e
                  context: {cluster: e2e, user: %s, namespace: %s}
                current-context: e2e
                """.formatted(admin.getConfiguration().getMasterUrl(), secret.getData().get("ca.crt"), account, token, account,
                namespace);
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static Optional<Secret> tokenSecret(KubernetesClient admin, String namespace, String account) {
        ServiceAccount sa = admin.serviceAccounts().inNamespace(namespace).withName(account).get();
        if (sa == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(sa.getSecrets()).orElse(List.of()).stream()
                .map(ref -> admin.secrets().inNamespace(namespace).withName(ref.getName()).get())
                .filter(s -> s != null && s.getData() != null && s.getData().containsKey("token"))
                .findFirst();
    }
}
