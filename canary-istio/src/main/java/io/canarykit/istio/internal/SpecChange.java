package io.canarykit.istio.internal;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What it takes to turn a live VirtualService spec into the wanted one: nothing, a JSON Patch of
 * the destination weights only (an analysis step: one small request that cannot clobber someone
 * else's edit of the rest of the object), or a replacement of the spec (drift, a new route layout
 * for mirroring, session affinity or A/B). Specs are compared as normalised JSON trees.
 */
public sealed interface SpecChange permits SpecChange.None, SpecChange.Weights, SpecChange.Replace {

    /** The live spec already is the wanted one. */
    record None() implements SpecChange {
    }

    /** Only weights differ: {@code patch} tests each old weight and replaces it. */
    record Weights(String patch) implements SpecChange {
    }

    /** Anything else differs. */
    record Replace() implements SpecChange {
    }

    static SpecChange between(Map<String, Object> live, Map<String, Object> wanted) {
        Map<String, Object> liveTree = Trees.copy(live);
        Map<String, Object> wantedTree = Trees.copy(wanted);
        if (liveTree.equals(wantedTree)) {
            return new None();
        }
        List<Slot> liveSlots = new ArrayList<>();
        List<Slot> wantedSlots = new ArrayList<>();
        if (!withoutWeights(liveTree, liveSlots).equals(withoutWeights(wantedTree, wantedSlots))) {
            return new Replace();
        }
        List<Map<String, Object>> patch = new ArrayList<>();
        for (int i = 0; i < liveSlots.size(); i++) {
            Slot old = liveSlots.get(i);
            Object now = wantedSlots.get(i).value();
            if (Objects.equals(old.value(), now)) {
                continue;
            }
            if (old.value() == null) {
                patch.add(op("add", old.path(), now));
            } else if (now == null) {
                patch.add(op("test", old.path(), old.value()));
                patch.add(Map.of("op", "remove", "path", old.path()));
            } else {
                // The test makes the API server refuse (422) a step computed from a split we did not see.
                patch.add(op("test", old.path(), old.value()));
                patch.add(op("replace", old.path(), now));
            }
        }
        return new Weights(new KubernetesSerialization().asJson(patch));
    }

    /** A destination weight: its JSON Pointer and value (null when absent). */
    record Slot(String path, @Nullable Object value) {
    }

    private static Map<String, Object> op(String op, String path, @Nullable Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("path", path);
        m.put("value", value);
        return m;
    }

    /** A copy of {@code spec} without destination weights, which are recorded in {@code slots} in document order. */
    private static Map<String, Object> withoutWeights(Map<String, Object> spec, List<Slot> slots) {
        Map<String, Object> copy = Trees.copy(spec);
        for (String kind : List.of("http", "tcp")) {
            List<Object> routes = Trees.list(copy.get(kind));
            for (int r = 0; r < routes.size(); r++) {
                List<Object> destinations = Trees.list(Trees.map(routes.get(r)).get("route"));
                for (int d = 0; d < destinations.size(); d++) {
                    if (destinations.get(d) instanceof Map<?, ?> destination) {
                        Object weight = destination.remove("weight");
                        slots.add(new Slot("/spec/" + kind + "/" + r + "/route/" + d + "/weight", weight));
                    }
                }
            }
        }
        return copy;
    }
}
