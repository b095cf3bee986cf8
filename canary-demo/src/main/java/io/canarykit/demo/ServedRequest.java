package io.canarykit.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One request the router proxied: which side served it, the status, how long it took, when it ended. */
public record ServedRequest(Side side, int status, Duration latency, Instant at) {

    public ServedRequest {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(at, "at");
    }

    /** Whether the answer counts as an error in the reference template ({@code status=~"5.."}). */
    public boolean isServerError() {
        return status >= 500 && status <= 599;
    }

    /** The two deployments behind the router. */
    public enum Side {
        PRIMARY, CANARY
    }
}
