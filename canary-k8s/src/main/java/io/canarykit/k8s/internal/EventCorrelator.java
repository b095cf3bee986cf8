package io.canarykit.k8s.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * client-go's event deduplication, in small: the same object, type, reason and message seen again
 * within the window is the same Event with its count raised, not a new Event. Bounded (oldest
 * entries go first) like client-go's LRU.
 */
public final class EventCorrelator {

    private static final int CAPACITY = 4096;

    /** An Event already written: its name and how often it was seen. */
    public record Seen(String eventName, int count, Instant lastSeen) {
    }

    private final Duration window;
    private final Map<String, Seen> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > CAPACITY;
        }
    };

    public EventCorrelator(Duration window) {
        this.window = window;
    }

    /** The earlier Event to bump, when {@code key} was seen within the window before {@code now}. */
    public synchronized Optional<Seen> previous(String key, Instant now) {
        Seen last = seen.get(key);
        if (last == null || last.lastSeen().plus(window).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.of(last);
    }

    public synchronized void record(String key, Seen event) {
        seen.put(key, event);
    }

    public synchronized void forget(String key) {
        seen.remove(key);
    }
}
