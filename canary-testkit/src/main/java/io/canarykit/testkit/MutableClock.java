package io.canarykit.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/** A clock that moves only when told to: virtual time for tests and simulations. Thread-safe. */
public final class MutableClock extends Clock {

    private volatile Instant instant;
    private final ZoneId zone;

    public MutableClock(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    private MutableClock(Instant start, ZoneId zone) {
        this.instant = Objects.requireNonNull(start, "start");
        this.zone = zone;
    }

    /** A clock at 2026-01-01T00:00:00Z. */
    public static MutableClock atEpochOfTests() {
        return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public synchronized void add(Duration duration) {
        instant = instant.plus(duration);
    }

    public void set(Instant value) {
        instant = Objects.requireNonNull(value, "value");
    }

    @Override
    public Instant instant() {
        return instant;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(instant, newZone);
    }
}
