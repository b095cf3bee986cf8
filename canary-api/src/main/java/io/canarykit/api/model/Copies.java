package io.canarykit.api.model;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Defensive copies for record components: absent collections become empty ones, so that the model
 * never hands out {@code null} collections, and maps keep the manifest's key order for round trips.
 */
final class Copies {

    private Copies() {
    }

    static <T> List<T> list(@Nullable List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static <V> Map<String, V> map(@Nullable Map<String, V> map) {
        // Statuses are rebuilt on every tick: most of their maps are empty (an empty copy is Map.of()), and
        // the others come from the status before, already frozen.
        return map == null || map.isEmpty() ? Map.of() : FrozenMap.copyOf(map);
    }

    static String text(@Nullable String text) {
        return text == null ? "" : text;
    }
}
