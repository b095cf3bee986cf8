/*
 * Ported from Flagger (https://github.com/fluxcd/flagger), pkg/canary/scaled_object_reconciler.go at
 * commit 15bd6ad555e6c935da55f0ab95977be74c149bd6. Copyright 2020 The Flux authors. Licensed under the
 * Apache License, Version 2.0: you may not use this file except in compliance with the License. You may
 * obtain a copy of the License at http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable
 * law or agreed to in writing, software distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. Modified: written against
 * fabric8 generic resources; the whole spec is copied; pause annotations are not copied to the primary;
 * a fixed placeholder replaces the random one.
 */
package io.canarykit.k8s.internal;

import io.canarykit.k8s.CanaryOwners;
import io.canarykit.api.model.AutoscalerRef;
import io.canarykit.api.model.Canary;
import io.canarykit.k8s.KubernetesCalls;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KEDA {@code ScaledObject}s ({@code keda.sh/v1alpha1}), handled as fabric8 generic resources (no
 * KEDA model on the class path): API discovery, the primary copy Flagger's
 * {@code ScaledObjectReconciler} makes, and the pause annotation.
 *
 * <p>The primary {@code <autoscalerRef.name>-primary} has the target's spec with
 * {@code scaleTargetRef.name: <target>-primary}, the triggers' {@code query} metadata rewritten for
 * the primary ({@link #primaryQuery}) or replaced by {@code autoscalerRef.primaryScalerQueries}
 * (by trigger name), {@code advanced.horizontalPodAutoscalerConfig.name} suffixed with
 * {@code -primary} when set, and {@code primaryScalerReplicas} as min/max replica counts.
 */
public final class ScaledObjects {

    public static final String GROUP = "keda.sh";
    public static final String VERSION = "v1alpha1";
    public static final String KIND = "ScaledObject";
    public static final String PLURAL = "scaledobjects";
    /** KEDA scales the workload to this many replicas and stops scaling it while the annotation is set. */
    public static final String PAUSED_REPLICAS = "autoscaling.keda.sh/paused-replicas";
    /** KEDA 2.13's pause without a replica count; never copied to the primary either. */
    static final String PAUSED = "autoscaling.keda.sh/paused";
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(GROUP).withVersion(VERSION).withKind(KIND).withPlural(PLURAL).withNamespaced(true).build();

    private static final String TOOLKIT = "toolkit.fluxcd.io";
    private static final String QUERY = "query";
    /** Cannot occur in a query: stands for {@code <target>-canary} while {@code <target>} is rewritten. */
    private static final String PLACEHOLDER = "\u0000canary\u0000";
    private static final int FORBIDDEN = 403;
    private static final int NOT_FOUND = 404;
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Logger LOG = LoggerFactory.getLogger(ScaledObjects.class);

    private ScaledObjects() {
    }

    /**
     * Whether the API server serves ScaledObjects in {@code keda.sh/v1alpha1} ({@code GET
     * /apis/keda.sh/v1alpha1}): false when the group version is not served (KEDA is not installed)
     * or discovery is forbidden; any other failure is thrown, translated.
     */
    public static boolean discover(KubernetesClient client) {
        Objects.requireNonNull(client, "client");
        APIResourceList resources;
        try {
            resources = client.getApiResources(GROUP + "/" + VERSION);
        } catch (KubernetesClientException e) {
            if (e.getCode() != NOT_FOUND && e.getCode() != FORBIDDEN) {
                throw KubernetesCalls.translate("discover API group version " + GROUP + "/" + VERSION, e);
            }
            resources = null;
        }
        boolean served = resources != null && resources.getResources() != null
                && resources.getResources().stream().anyMatch(r -> PLURAL.equals(r.getName()));
        if (served) {
            LOG.debug("KEDA ScaledObjects through {}/{}", GROUP, VERSION);
        } else {
            LOG.debug("the API server does not serve {}/{} {}: ScaledObject autoscalerRefs are not handled", GROUP, VERSION, PLURAL);
        }
        return served;
    }

    /** The primary ScaledObject wanted for {@code source}, the target's ScaledObject named by {@code autoscalerRef}. */
    public static GenericKubernetesResource primary(Canary canary, AutoscalerRef ref, GenericKubernetesResource source) {
        Objects.requireNonNull(canary, "canary");
        Objects.requireNonNull(ref, "ref");
        Map<String, Object> spec = primarySpec(canary, ref, source);
        GenericKubernetesResource primary = new GenericKubernetesResource();
        primary.setApiVersion(GROUP + "/" + VERSION);
        primary.setKind(KIND);
        ObjectMeta metadata = new ObjectMeta();
        metadata.setName(ref.name() + "-primary");
        metadata.setNamespace(canary.namespace());
        metadata.setLabels(filtered(source.getMetadata().getLabels()));
        Map<String, String> annotations = filtered(source.getMetadata().getAnnotations());
        annotations.remove(PAUSED_REPLICAS);
        annotations.remove(PAUSED);
        metadata.setAnnotations(annotations);
        metadata.setOwnerReferences(CanaryOwners.of(canary));
        primary.setMetadata(metadata);
        primary.setAdditionalProperty("spec", spec);
        return primary;
    }

    /**
     * The update of the existing primary {@code base} to {@code wanted}: its spec, labels and
     * annotations; the rest of {@code base}'s metadata (resourceVersion, KEDA's finalizer) is kept.
     */
    public static GenericKubernetesResource updated(GenericKubernetesResource base, GenericKubernetesResource wanted) {
        GenericKubernetesResource copy = SERIALIZATION.clone(base);
        copy.getMetadata().setLabels(wanted.getMetadata().getLabels());
        copy.getMetadata().setAnnotations(wanted.getMetadata().getAnnotations());
        copy.setAdditionalProperty("spec", spec(wanted));
        return copy;
    }

    /** The spec of a ScaledObject (empty when it has none). */
    public static Map<String, Object> spec(GenericKubernetesResource scaledObject) {
        Object spec = scaledObject.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    /** Whether KEDA holds the ScaledObject at zero replicas ({@code paused-replicas: "0"}). */
    public static boolean isPausedAtZero(GenericKubernetesResource scaledObject) {
        Map<String, String> annotations = scaledObject.getMetadata().getAnnotations();
        return annotations != null && "0".equals(annotations.get(PAUSED_REPLICAS));
    }

    /** Whether the ScaledObject carries the {@code paused-replicas} annotation at all. */
    public static boolean hasPausedReplicas(GenericKubernetesResource scaledObject) {
        Map<String, String> annotations = scaledObject.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(PAUSED_REPLICAS);
    }

    /** A JSON merge patch that sets {@code paused-replicas: "0"}. */
    public static String pausePatch() {
        return "{\"metadata\":{\"annotations\":{\"" + PAUSED_REPLICAS + "\":\"0\"}}}";
    }

    /**
     * A JSON Patch that removes {@code paused-replicas} (a JSON Patch, not a merge patch with a null:
     * fabric8's CRUD mock keeps a key merged with null, and a 422 for a path already gone is clear).
     */
    public static String resumePatch() {
        return "[{\"op\":\"remove\",\"path\":\"/metadata/annotations/" + PAUSED_REPLICAS.replace("/", "~1") + "\"}]";
    }

    /** The ScaledObject's {@code minReplicaCount}, when it has one. */
    public static Optional<Integer> minReplicaCount(GenericKubernetesResource scaledObject) {
        return spec(scaledObject).get("minReplicaCount") instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
    }

    /**
     * Flagger's query rewrite for the primary: {@code <target>-canary} and {@code <target>} both
     * become {@code <target>-primary} (best effort; {@code primaryScalerQueries} is the way out).
     */
    public static String primaryQuery(String query, String targetName) {
        String primary = targetName + "-primary";
        return query.replace(targetName + "-canary", PLACEHOLDER).replace(targetName, primary).replace(PLACEHOLDER, primary);
    }

    static Map<String, Object> primarySpec(Canary canary, AutoscalerRef ref, GenericKubernetesResource source) {
        Map<String, Object> spec = cast(SERIALIZATION.clone(new LinkedHashMap<>(spec(source))));
        String primaryTarget = canary.spec().primaryTargetName();
        child(spec, "scaleTargetRef").put("name", primaryTarget);
        setPrimaryQueries(canary.spec().targetRef().name(), ref.primaryScalerQueries(), spec.get("triggers"));
        setPrimaryHpa(spec);
        AutoscalerRef.ScalerReplicas replicas = ref.primaryScalerReplicas();
        if (replicas != null) {
            if (replicas.minReplicas() != null) {
                spec.put("minReplicaCount", replicas.minReplicas());
            }
            if (replicas.maxReplicas() != null) {
                spec.put("maxReplicaCount", replicas.maxReplicas());
            }
        }
        return spec;
    }

    /** Flagger's setPrimaryScaledObjectQueries: named replacements when given, else the rewrite of every query. */
    static void setPrimaryQueries(String targetName, Map<String, String> primaryQueries, Object triggers) {
        if (!(triggers instanceof List<?> list)) {
            return;
        }
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> raw)) {
                continue;
            }
            Map<String, Object> trigger = cast(raw);
            if (!primaryQueries.isEmpty()) {
                // The triggers must be named for this, else no query is replaced.
                Object name = trigger.get("name");
                if (name instanceof String n && primaryQueries.containsKey(n)) {
                    child(trigger, "metadata").put(QUERY, primaryQueries.get(n));
                }
            } else if (trigger.get("metadata") instanceof Map<?, ?> metadata
                    && cast(metadata).get(QUERY) instanceof String query) {
                cast(metadata).put(QUERY, primaryQuery(query, targetName));
            }
        }
    }

    /**
     * Flagger's setPrimaryScaledObjectHPA: {@code advanced.horizontalPodAutoscalerConfig} always
     * present; a name set on the target gets {@code -primary}, else KEDA names the primary's HPA.
     */
    static void setPrimaryHpa(Map<String, Object> spec) {
        Map<String, Object> hpaConfig = child(child(spec, "advanced"), "horizontalPodAutoscalerConfig");
        if (hpaConfig.get("name") instanceof String name && !name.isEmpty()) {
            hpaConfig.put("name", name + "-primary");
        }
    }

    private static Map<String, String> filtered(Map<String, String> source) {
        Map<String, String> result = new LinkedHashMap<>();
        if (source != null) {
            source.forEach((k, v) -> {
                if (!k.contains(TOOLKIT)) {
                    result.put(k, v);
                }
            });
        }
        return result;
    }

    /** {@code parent.key} as a mutable map, created (or replaced when it is no object) as needed. */
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>(cast(map));
            parent.put(key, copy);
            return copy;
        }
        Map<String, Object> created = new LinkedHashMap<>();
        parent.put(key, created);
        return created;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
