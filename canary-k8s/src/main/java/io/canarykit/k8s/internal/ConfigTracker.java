package io.canarykit.k8s.internal;

import io.canarykit.k8s.CanaryOwners;
import io.canarykit.api.BackendException;
import io.canarykit.api.model.Canary;
import io.canarykit.k8s.KubernetesCalls;
import io.canarykit.k8s.ObjectCache;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Flagger's config tracking (reference §4.7): the ConfigMaps and Secrets a pod template uses, their
 * checksums, their {@code -primary} copies and the pod spec rewrite that points the primary at them.
 */
public final class ConfigTracker {

    public static final String DISABLE_ANNOTATION = "flagger.app/config-tracking";
    private static final Set<String> TRACKED_SECRET_TYPES = Set.of("Opaque", "kubernetes.io/basic-auth",
            "kubernetes.io/ssh-auth", "kubernetes.io/tls");

    private final KubernetesClient client;
    private final ObjectCache<ConfigMap> configMaps;
    private final ObjectCache<Secret> secrets;

    public ConfigTracker(KubernetesClient client, ObjectCache<ConfigMap> configMaps, ObjectCache<Secret> secrets) {
        this.client = client;
        this.configMaps = configMaps;
        this.secrets = secrets;
    }

    /** A reference from a pod spec: {@code kind} is {@code configmap} or {@code secret}. */
    public record Ref(String kind, String name, boolean optional) {
        String key() {
            return kind + "/" + name;
        }
    }

    /** The tracked objects that exist and are not opted out, by {@code configmap/<name>} key. */
    public Map<String, HasMetadata> tracked(String namespace, PodSpec spec) {
        Map<String, HasMetadata> found = new LinkedHashMap<>();
        for (Ref ref : refs(spec)) {
            if (found.containsKey(ref.key())) {
                continue;
            }
            HasMetadata object = "configmap".equals(ref.kind())
                    ? configMaps.get(namespace, ref.name()).orElse(null)
                    : secrets.get(namespace, ref.name()).filter(s -> TRACKED_SECRET_TYPES.contains(
                            Objects.requireNonNullElse(s.getType(), "Opaque"))).orElse(null);
            if (object == null) {
                if (!ref.optional() && !("secret".equals(ref.kind()) && secrets.get(namespace, ref.name()).isPresent())) {
                    throw new BackendException(KubernetesCalls.BACKEND, ref.kind() + " " + namespace + "/" + ref.name()
                            + " not found", true);
                }
                continue;
            }
            String disable = object.getMetadata().getAnnotations() == null ? null
                    : object.getMetadata().getAnnotations().get(DISABLE_ANNOTATION);
            if (disable != null && disable.startsWith("disable")) {
                continue;
            }
            found.put(ref.key(), object);
        }
        return found;
    }

    /** Checksums of the tracked objects, as {@code status.trackedConfigs} holds them. */
    public Map<String, String> checksums(String namespace, PodSpec spec) {
        Map<String, String> sums = new LinkedHashMap<>();
        tracked(namespace, spec).forEach((key, object) -> sums.put(key, Hashing.configChecksum(data(object))));
        return sums;
    }

    /** Creates or updates the {@code -primary} copy of every tracked object. */
    public void copyToPrimary(Canary canary, String namespace, PodSpec spec) {
        tracked(namespace, spec).forEach((key, object) -> {
            if (object instanceof ConfigMap cm) {
                ConfigMap copy = new ConfigMapBuilder().withNewMetadata().withName(cm.getMetadata().getName() + "-primary")
                        .withNamespace(namespace).withLabels(cm.getMetadata().getLabels())
                        .withOwnerReferences(CanaryOwners.of(canary)).endMetadata()
                        .withData(cm.getData()).withBinaryData(cm.getBinaryData()).build();
                upsert(configMaps, copy, (existing, wanted) -> wanted.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion()),
                        c -> client.configMaps().resource(c));
            } else if (object instanceof Secret secret) {
                Secret copy = new SecretBuilder().withNewMetadata().withName(secret.getMetadata().getName() + "-primary")
                        .withNamespace(namespace).withLabels(secret.getMetadata().getLabels())
                        .withOwnerReferences(CanaryOwners.of(canary)).endMetadata()
                        .withType(secret.getType()).withData(secret.getData()).build();
                upsert(secrets, copy, (existing, wanted) -> wanted.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion()),
                        s -> client.secrets().resource(s));
            }
        });
    }

    /** Points the pod spec's tracked references at the {@code -primary} copies (in place). */
    public void rewriteForPrimary(String namespace, PodSpec spec) {
        Set<String> keys = tracked(namespace, spec).keySet();
        for (Volume v : list(spec.getVolumes())) {
            if (v.getConfigMap() != null && keys.contains("configmap/" + v.getConfigMap().getName())) {
                v.getConfigMap().setName(v.getConfigMap().getName() + "-primary");
            }
            if (v.getSecret() != null && keys.contains("secret/" + v.getSecret().getSecretName())) {
                v.getSecret().setSecretName(v.getSecret().getSecretName() + "-primary");
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : list(v.getProjected().getSources())) {
                    if (p.getConfigMap() != null && keys.contains("configmap/" + p.getConfigMap().getName())) {
                        p.getConfigMap().setName(p.getConfigMap().getName() + "-primary");
                    }
                    if (p.getSecret() != null && keys.contains("secret/" + p.getSecret().getName())) {
                        p.getSecret().setName(p.getSecret().getName() + "-primary");
                    }
                }
            }
        }
        for (Container c : containers(spec)) {
            for (EnvVar e : list(c.getEnv())) {
                if (e.getValueFrom() == null) {
                    continue;
                }
                var cm = e.getValueFrom().getConfigMapKeyRef();
                if (cm != null && keys.contains("configmap/" + cm.getName())) {
                    cm.setName(cm.getName() + "-primary");
                }
                var sk = e.getValueFrom().getSecretKeyRef();
                if (sk != null && keys.contains("secret/" + sk.getName())) {
                    sk.setName(sk.getName() + "-primary");
                }
            }
            for (EnvFromSource f : list(c.getEnvFrom())) {
                if (f.getConfigMapRef() != null && keys.contains("configmap/" + f.getConfigMapRef().getName())) {
                    f.getConfigMapRef().setName(f.getConfigMapRef().getName() + "-primary");
                }
                if (f.getSecretRef() != null && keys.contains("secret/" + f.getSecretRef().getName())) {
                    f.getSecretRef().setName(f.getSecretRef().getName() + "-primary");
                }
            }
        }
    }

    static List<Ref> refs(PodSpec spec) {
        List<Ref> refs = new ArrayList<>();
        for (Volume v : list(spec.getVolumes())) {
            if (v.getConfigMap() != null) {
                refs.add(new Ref("configmap", v.getConfigMap().getName(), isTrue(v.getConfigMap().getOptional())));
            }
            if (v.getSecret() != null) {
                refs.add(new Ref("secret", v.getSecret().getSecretName(), isTrue(v.getSecret().getOptional())));
            }
            if (v.getProjected() != null) {
                for (VolumeProjection p : list(v.getProjected().getSources())) {
                    if (p.getConfigMap() != null) {
                        refs.add(new Ref("configmap", p.getConfigMap().getName(), isTrue(p.getConfigMap().getOptional())));
                    }
                    if (p.getSecret() != null) {
                        refs.add(new Ref("secret", p.getSecret().getName(), isTrue(p.getSecret().getOptional())));
                    }
                }
            }
        }
        for (Container c : containers(spec)) {
            for (EnvVar e : list(c.getEnv())) {
                if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                    refs.add(new Ref("configmap", e.getValueFrom().getConfigMapKeyRef().getName(),
                            isTrue(e.getValueFrom().getConfigMapKeyRef().getOptional())));
                }
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    refs.add(new Ref("secret", e.getValueFrom().getSecretKeyRef().getName(),
                            isTrue(e.getValueFrom().getSecretKeyRef().getOptional())));
                }
            }
            for (EnvFromSource f : list(c.getEnvFrom())) {
                if (f.getConfigMapRef() != null) {
                    refs.add(new Ref("configmap", f.getConfigMapRef().getName(), isTrue(f.getConfigMapRef().getOptional())));
                }
                if (f.getSecretRef() != null) {
                    refs.add(new Ref("secret", f.getSecretRef().getName(), isTrue(f.getSecretRef().getOptional())));
                }
            }
        }
        return refs;
    }

    private static Map<String, String> data(HasMetadata object) {
        Map<String, String> data = object instanceof ConfigMap cm ? cm.getData() : ((Secret) object).getData();
        return data == null ? Map.of() : data;
    }

    private static <T extends HasMetadata> void upsert(ObjectCache<T> cache, T wanted, BiConsumer<T, T> keepVersion,
            Function<T, Resource<T>> resource) {
        String ns = wanted.getMetadata().getNamespace();
        String name = wanted.getMetadata().getName();
        var existing = cache.get(ns, name);
        if (existing.isPresent() && sameContent(existing.get(), wanted)) {
            return;
        }
        // Created when the cache has none, else updated; a 409 (the cache was behind) writes once more on the server's copy.
        KubernetesCalls.writeOnFreshAfterConflict("write " + ns + "/" + name, existing, () -> cache.fresh(ns, name).map(Optional::of),
                base -> {
                    if (base.isEmpty()) {
                        resource.apply(wanted).create();
                        return;
                    }
                    keepVersion.accept(base.get(), wanted);
                    resource.apply(wanted).update();
                });
    }

    private static boolean sameContent(HasMetadata existing, HasMetadata wanted) {
        return data(existing).equals(data(wanted))
                && Objects.equals(existing.getMetadata().getLabels(), wanted.getMetadata().getLabels());
    }

    private static List<Container> containers(PodSpec spec) {
        return Stream.concat(list(spec.getContainers()).stream(), list(spec.getInitContainers()).stream()).toList();
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }
}
