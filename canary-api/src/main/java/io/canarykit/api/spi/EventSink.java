package io.canarykit.api.spi;

/** Receives the events of every tick (Kubernetes Events, logs, a timeline...). Never throws. */
public interface EventSink {

    EventSink NOOP = event -> {
    };

    void record(CanaryEvent event);
}
