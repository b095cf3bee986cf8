package io.canarykit.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryStatusTest {

    @Test
    void aStampedStatusDiffersOnlyInItsTransitionTime() {
        CanaryStatus status = CanaryStatus.EMPTY.toBuilder().phase(CanaryPhase.PROGRESSING).canaryWeight(10).iterations(2)
                .trackedConfigs(Map.of("config/app", "abc")).lastAppliedSpec("spec").lastAnalysisAt(Instant.EPOCH).build();
        Instant written = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(status.withLastTransitionTime(written)).isEqualTo(status.toBuilder().lastTransitionTime(written).build());
    }
}
