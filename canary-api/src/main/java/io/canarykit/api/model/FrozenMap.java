package io.canarykit.api.model;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * An unmodifiable copy of a map in its key order: the model's maps (a manifest's key order
 * survives a round trip). Only {@link #copyOf} makes one, and no one holds the map inside, so a
 * frozen map never needs copying again: statuses are rebuilt on every tick, and a webhook's
 * metadata goes into a payload on every call.
 */
public final class FrozenMap<V> implements Map<String, V> {

    private final Map<String, V> entries;
    /** Whether every key and value is non-null, as {@link Map#copyOf} requires. */
    private final boolean nullFree;

    private FrozenMap(Map<String, V> source) {
        LinkedHashMap<String, V> copy = new LinkedHashMap<>(source);
        this.entries = Collections.unmodifiableMap(copy);
        this.nullFree = !copy.containsKey(null) && !copy.containsValue(null);
    }

    /** {@code map} itself when it is frozen already, else a frozen copy of it. */
    public static <V> FrozenMap<V> copyOf(Map<String, V> map) {
        return map instanceof FrozenMap<V> frozen ? frozen : new FrozenMap<>(map);
    }

    /** Whether {@code map} is a frozen map without null keys or values: what {@link Map#copyOf} would copy to. */
    public static boolean isFrozenWithoutNulls(Map<String, ?> map) {
        return map instanceof FrozenMap<?> frozen && frozen.nullFree;
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public boolean containsValue(Object value) {
        return entries.containsValue(value);
    }

    @Override
    public @Nullable V get(Object key) {
        return entries.get(key);
    }

    @Override
    public V getOrDefault(Object key, V defaultValue) {
        return entries.getOrDefault(key, defaultValue);
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
        entries.forEach(action);
    }

    @Override
    public V put(String key, V value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public V remove(Object key) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void putAll(Map<? extends String, ? extends V> m) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<String> keySet() {
        return entries.keySet();
    }

    @Override
    public Collection<V> values() {
        return entries.values();
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || entries.equals(o);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
