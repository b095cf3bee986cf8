package io.canarykit.testkit;

import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.api.spi.EventSink;
import io.canarykit.api.spi.EventType;
import java.util.ArrayList;
import java.util.List;

/** Keeps every event, for assertions on Flagger's event texts and order. */
public final class RecordingEventSink implements EventSink {

    private final List<CanaryEvent> events = new ArrayList<>();

    @Override
    public synchronized void record(CanaryEvent event) {
        events.add(event);
    }

    public synchronized List<CanaryEvent> events() {
        return List.copyOf(events);
    }

    public synchronized List<String> messages() {
        return events.stream().map(CanaryEvent::message).toList();
    }

    public synchronized List<String> warnings() {
        return events.stream().filter(e -> e.type() == EventType.WARNING).map(CanaryEvent::message).toList();
    }

    public synchronized void clear() {
        events.clear();
    }
}
