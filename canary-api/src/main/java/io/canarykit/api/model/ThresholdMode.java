package io.canarykit.api.model;

/**
 * How {@code analysis.threshold} counts failed checks (CanaryKit extension
 * {@code analysis.thresholdMode}).
 */
public enum ThresholdMode implements WireEnum {
    /** The default: a passing check resets the count; {@code threshold: 3} means three in a row. */
    CONSECUTIVE("consecutive"),
    /** Flagger's behaviour: failures add up over the run and never reset. */
    CUMULATIVE("cumulative");

    private final String wireName;

    ThresholdMode(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
