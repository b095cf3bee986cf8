package io.canarykit.api.model;

/** Alert severities; an alert entry without one means {@link #INFO} (Flagger silently drops it). */
public enum AlertSeverity implements WireEnum {
    INFO("info"),
    WARN("warn"),
    ERROR("error");

    private final String wireName;

    AlertSeverity(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /**
     * Whether an alert entry of this severity receives an alert of {@code emitted} severity: info
     * receives everything, warn receives warn and error, error receives error only.
     */
    public boolean receives(AlertSeverity emitted) {
        return switch (this) {
            case INFO -> true;
            case WARN -> emitted == WARN || emitted == ERROR;
            case ERROR -> emitted == ERROR;
        };
    }

    @Override
    public String toString() {
        return wireName;
    }
}
