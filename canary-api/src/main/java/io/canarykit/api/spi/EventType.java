package io.canarykit.api.spi;

/** Kubernetes event types. */
public enum EventType {
    NORMAL("Normal"),
    WARNING("Warning");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
