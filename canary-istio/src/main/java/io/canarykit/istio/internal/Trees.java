package io.canarykit.istio.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Helpers for the JSON trees (maps, lists, strings, numbers, booleans) that Istio objects are
 * read and written as. Generic resources keep whatever the API server stored, so every accessor
 * tolerates a missing or mistyped node instead of failing on a hand-edited object.
 */
public final class Trees {

    private Trees() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(@Nullable Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(@Nullable Object node) {
        return node instanceof List<?> l ? (List<Object>) l : List.of();
    }

    public static String string(@Nullable Object node) {
        return node instanceof String s ? s : "";
    }

    /**
     * A deep copy in which every integral number is a {@code Long}: JSON read back from the API
     * server yields {@code Integer}s, {@code Long}s or {@code Double}s for the same value, and a
     * weight of 10 must equal 10 whatever its Java type.
     */
    public static @Nullable Object normalised(@Nullable Object node) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), normalised(v)));
            return copy;
        }
        if (node instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(v -> copy.add(normalised(v)));
            return copy;
        }
        if (node instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue())) {
            return n.longValue();
        }
        return node;
    }

    /** A mutable deep copy of {@code tree}, numbers normalised. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> copy(Map<String, Object> tree) {
        return (Map<String, Object>) normalised(tree);
    }

    /** An int from a JSON number, or empty-as-{@code fallback}. */
    public static int integer(@Nullable Object node, int fallback) {
        return node instanceof Number n ? n.intValue() : fallback;
    }
}
