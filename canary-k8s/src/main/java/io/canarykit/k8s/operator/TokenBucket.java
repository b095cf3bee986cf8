package io.canarykit.k8s.operator;

import java.time.Duration;

/**
 * client-go's bucket rate limiter: {@code ratePerSecond} tokens a second, at most {@code burst}
 * saved up. Time is passed in (nanoseconds of any monotonic source) so that it can be tested.
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be positive and burst at least 1, got " + ratePerSecond + "/" + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one token and says how long the caller must wait before using it (zero: go now). */
    synchronized Duration reserve(long nowNanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - last) * ratePerNano);
        last = Math.max(last, nowNanos);
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens / ratePerNano));
    }
}
