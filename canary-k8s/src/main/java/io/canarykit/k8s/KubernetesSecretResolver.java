package io.canarykit.k8s;

import io.canarykit.api.spi.SecretData;
import io.canarykit.api.spi.SecretResolver;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves Secrets through the cache and decodes them. Values go into {@link SecretData} only,
 * whose {@code toString()} shows keys; nothing here logs.
 */
public final class KubernetesSecretResolver implements SecretResolver {

    private final ObjectCache<Secret> secrets;

    private KubernetesSecretResolver(ObjectCache<Secret> secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
    }

    public static KubernetesSecretResolver of(KubernetesCaches caches) {
        return new KubernetesSecretResolver(caches.secrets());
    }

    @Override
    public Optional<SecretData> resolve(String namespace, String name) {
        return secrets.get(namespace, name).map(secret -> {
            Map<String, String> values = new LinkedHashMap<>();
            if (secret.getData() != null) {
                secret.getData().forEach((k, v) -> values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            // stringData is write-only on a real server, but objects built by hand (and the mock) may carry it.
            if (secret.getStringData() != null) {
                values.putAll(secret.getStringData());
            }
            return new SecretData(values);
        });
    }
}
