package io.canarykit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void aClockInAnotherZoneMovesWithTheOriginal() {
        MutableClock utc = MutableClock.atEpochOfTests();
        MutableClock berlin = utc.withZone(ZoneId.of("Europe/Berlin"));

        utc.add(Duration.ofMinutes(5));
        assertThat(berlin.instant()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        berlin.set(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(utc.instant()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(berlin.getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }
}
