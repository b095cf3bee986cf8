package io.canarykit.linkerd.internal;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.linkerd.SmiVersion;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TrafficSplit's spec, typed: fabric8 has no SMI model, so splits travel as generic resources
 * and this record is their reading and writing. {@code extra} holds any other spec key found on a
 * live split (v1alpha3's {@code matches}): the router writes none, so a reconcile drops them, as
 * Flagger's does.
 */
public record SplitSpec(String service, List<SplitBackend> backends, Map<String, Object> extra) {

    static final String SERVICE = "service";
    static final String BACKENDS = "backends";
    static final String WEIGHT = "weight";

    public SplitSpec {
        Objects.requireNonNull(service, "service");
        backends = List.copyOf(backends);
        extra = Map.copyOf(extra);
    }

    /**
     * The spec Flagger's SMI routers write: {@code service} is the first of {@code service.hosts}
     * or the apex Service; the backends are the canary Service, then the primary, with the weights
     * of {@code split} in {@code version}'s encoding.
     */
    public static SplitSpec wanted(Canary canary, Routes split, SmiVersion version) {
        List<String> hosts = canary.spec().service().hosts();
        String service = hosts.isEmpty() || hosts.get(0).isEmpty() ? canary.spec().serviceName() : hosts.get(0);
        return new SplitSpec(service, List.of(
                new SplitBackend(canary.spec().canaryServiceName(), weight(split.canaryWeight(), version)),
                new SplitBackend(canary.spec().primaryServiceName(), weight(split.primaryWeight(), version))), Map.of());
    }

    /** The spec of a live split; missing or malformed fields read as empty, so that they show as drift. */
    public static SplitSpec of(GenericKubernetesResource split) {
        Object raw = split.getAdditionalProperties().get("spec");
        if (!(raw instanceof Map<?, ?> spec)) {
            return new SplitSpec("", List.of(), Map.of());
        }
        String service = spec.get(SERVICE) instanceof String s ? s : "";
        List<SplitBackend> backends = new ArrayList<>();
        if (spec.get(BACKENDS) instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> backend) {
                    String name = backend.get(SERVICE) instanceof String s ? s : "";
                    backends.add(new SplitBackend(name, backend.get(WEIGHT)));
                }
            }
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        spec.forEach((key, value) -> {
            if (!SERVICE.equals(key) && !BACKENDS.equals(key) && value != null) {
                extra.put(String.valueOf(key), value);
            }
        });
        return new SplitSpec(service, backends, extra);
    }

    /** The spec as the generic resource carries it. */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(SERVICE, service);
        List<Map<String, Object>> list = new ArrayList<>();
        for (SplitBackend backend : backends) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put(SERVICE, backend.service());
            if (backend.weight() != null) {
                b.put(WEIGHT, backend.weight());
            }
            list.add(b);
        }
        out.put(BACKENDS, list);
        out.putAll(extra);
        return out;
    }

    /** Same apex, same backends in the same order, nothing else: only weights may differ. */
    public boolean sameLayout(SplitSpec other) {
        if (!service.equals(other.service) || !extra.equals(other.extra) || backends.size() != other.backends.size()) {
            return false;
        }
        for (int i = 0; i < backends.size(); i++) {
            if (!backends.get(i).service().equals(other.backends.get(i).service())) {
                return false;
            }
        }
        return true;
    }

    /** Same layout and the same weight values. */
    public boolean sameSplit(SplitSpec other) {
        if (!sameLayout(other)) {
            return false;
        }
        for (int i = 0; i < backends.size(); i++) {
            if (!backends.get(i).sameAs(other.backends.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A v1alpha1 weight is a quantity, written as Flagger writes it (a decimal string); later versions take an integer. */
    static Object weight(int value, SmiVersion version) {
        return version.quantityWeights() ? Integer.toString(value) : Integer.valueOf(value);
    }
}
