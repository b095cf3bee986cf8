package io.canarykit.demo;

import java.util.Objects;

/**
 * A version of the demo application: its name and how it behaves. {@code failEvery} = 5 answers
 * every fifth request with HTTP 500 (20%, deterministic, so the error rate is exact rather than
 * random); 0 never fails.
 */
public record Release(String version, int failEvery) {

    public Release {
        Objects.requireNonNull(version, "version");
        if (failEvery < 0) {
            throw new IllegalArgumentException("failEvery must be 0 (never) or positive, got " + failEvery);
        }
    }

    public static Release healthy(String version) {
        return new Release(version, 0);
    }

    /** A release that answers 20% of its requests with HTTP 500. */
    public static Release failingOneInFive(String version) {
        return new Release(version, 5);
    }
}
