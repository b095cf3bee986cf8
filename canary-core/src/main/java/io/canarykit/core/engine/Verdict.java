package io.canarykit.core.engine;

import io.canarykit.api.model.WireEnum;

/** The outcome of one metric check. */
public enum Verdict implements WireEnum {
    /** The value lies within the range. */
    PASS("pass"),
    /** The value lies outside the range. */
    FAIL("fail"),
    /** The backend returned nothing (empty result, NaN): fails the check, as in Flagger. */
    NO_DATA("no-data"),
    /** The check could not be evaluated (query error, render error, missing template). */
    ERROR("error"),
    /**
     * Too few samples to judge (CanaryKit's {@code minSamples}, or an undecided sequential test):
     * advancement holds; it counts neither as failed nor as passed, up to a limit.
     */
    INSUFFICIENT_DATA("insufficient-data");

    private final String wireName;

    Verdict(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    public boolean passed() {
        return this == PASS;
    }

    /** A verdict that counts as a failed check. */
    public boolean isFailure() {
        return this == FAIL || this == NO_DATA || this == ERROR;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
