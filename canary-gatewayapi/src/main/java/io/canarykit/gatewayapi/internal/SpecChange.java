package io.canarykit.gatewayapi.internal;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What it takes to turn the live spec into the wanted one: nothing, a JSON Patch of the backend
 * weights only (the common analysis step: one small request that cannot clobber someone else's
 * edit of the rest of the route), or a replacement of the spec (drift, a new rule layout).
 * Specs are compared as JSON trees, the way the API server stores them.
 */
public sealed interface SpecChange permits SpecChange.None, SpecChange.Weights, SpecChange.Replace {

    KubernetesSerialization JSON = new KubernetesSerialization();

    /** The live spec already is the wanted one. */
    record None() implements SpecChange {
    }

    /** Only weights differ: {@code patch} is a JSON Patch that tests each old weight and replaces it. */
    record Weights(String patch) implements SpecChange {
    }

    /** Anything else differs. */
    record Replace() implements SpecChange {
    }

    static SpecChange between(HTTPRouteSpec live, HTTPRouteSpec wanted) {
        Map<String, Object> liveTree = tree(live);
        Map<String, Object> wantedTree = tree(wanted);
        if (liveTree.equals(wantedTree)) {
            return new None();
        }
        List<Map<String, Object>> ops = new ArrayList<>();
        if (!withoutWeights(liveTree, null).equals(withoutWeights(wantedTree, null))) {
            return new Replace();
        }
        withoutWeights(liveTree, ops);
        List<Map<String, Object>> patch = new ArrayList<>();
        List<Object> wantedRules = list(wantedTree.get("rules"));
        for (Map<String, Object> weight : ops) {
            int rule = (Integer) weight.get("rule");
            int ref = (Integer) weight.get("ref");
            Object old = weight.get("value");
            Object now = map(list(map(wantedRules.get(rule)).get("backendRefs")).get(ref)).get("weight");
            if (Objects.equals(old, now)) {
                continue;
            }
            String path = "/spec/rules/" + rule + "/backendRefs/" + ref + "/weight";
            if (old == null) {
                patch.add(op("add", path, now));
            } else if (now == null) {
                patch.add(op("test", path, old));
                patch.add(Map.of("op", "remove", "path", path));
            } else {
                // The test makes the patch fail (422) instead of moving traffic from a split we did not see.
                patch.add(op("test", path, old));
                patch.add(op("replace", path, now));
            }
        }
        return new Weights(JSON.asJson(patch));
    }

    private static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("path", path);
        m.put("value", value);
        return m;
    }

    /**
     * A copy of the tree without backend weights; when {@code weights} is given, every weight slot
     * (with its old value, possibly absent) is recorded there as {@code {rule, ref, value}}.
     */
    private static Map<String, Object> withoutWeights(Map<String, Object> tree, @org.jspecify.annotations.Nullable List<Map<String, Object>> weights) {
        Map<String, Object> copy = new LinkedHashMap<>(tree);
        List<Object> rules = new ArrayList<>();
        List<Object> liveRules = list(tree.get("rules"));
        for (int r = 0; r < liveRules.size(); r++) {
            Map<String, Object> rule = new LinkedHashMap<>(map(liveRules.get(r)));
            List<Object> refs = new ArrayList<>();
            List<Object> liveRefs = list(rule.get("backendRefs"));
            for (int b = 0; b < liveRefs.size(); b++) {
                Map<String, Object> ref = new LinkedHashMap<>(map(liveRefs.get(b)));
                Object weight = ref.remove("weight");
                if (weights != null) {
                    Map<String, Object> slot = new LinkedHashMap<>();
                    slot.put("rule", r);
                    slot.put("ref", b);
                    slot.put("value", weight);
                    weights.add(slot);
                }
                refs.add(ref);
            }
            rule.put("backendRefs", refs);
            rules.add(rule);
        }
        copy.put("rules", rules);
        return copy;
    }

    /**
     * The spec as a JSON tree, with {@code group: ""} left out wherever it appears: an empty group and
     * an absent one both name the core API group; the router writes none (Kubernetes v1.20 refuses
     * an empty string there) and newer servers default it to "", which must not look like drift.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> tree(HTTPRouteSpec spec) {
        return (Map<String, Object>) withoutCoreGroup(JSON.convertValue(spec, Map.class));
    }

    @SuppressWarnings("unchecked")
    private static Object withoutCoreGroup(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((key, value) -> {
                if (!("group".equals(key) && "".equals(value))) {
                    copy.put(key, withoutCoreGroup(value));
                }
            });
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(SpecChange::withoutCoreGroup).toList();
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(@org.jspecify.annotations.Nullable Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(@org.jspecify.annotations.Nullable Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
