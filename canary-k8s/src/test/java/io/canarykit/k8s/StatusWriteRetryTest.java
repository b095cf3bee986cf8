package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusWriteRetryTest {

    private static final StatusWriteRetry POLICY = new StatusWriteRetry(5, 4, Duration.ofMillis(200), Duration.ofMillis(500),
            StatusWriteRetry.Sleeper.THREAD);

    @Test
    void backsOffDoublingUpToTheCapThenGivesUp() {
        assertThat(POLICY.waitAfter(1, Optional.empty())).contains(Duration.ofMillis(200));
        assertThat(POLICY.waitAfter(2, Optional.empty())).contains(Duration.ofMillis(400));
        assertThat(POLICY.waitAfter(3, Optional.empty())).contains(Duration.ofMillis(500));
        assertThat(POLICY.waitAfter(4, Optional.empty())).as("4 attempts made").isEmpty();
    }

    @Test
    void waitsWhatTheServerAsksWhenItIsLongerThanTheBackoff() {
        assertThat(POLICY.waitAfter(1, Optional.of(Duration.ofMillis(300)))).contains(Duration.ofMillis(300));
        assertThat(POLICY.waitAfter(2, Optional.of(Duration.ofMillis(100)))).contains(Duration.ofMillis(400));
    }

    @Test
    void leavesARetryAfterLongerThanTheCapToTheScheduler() {
        assertThat(POLICY.waitAfter(1, Optional.of(Duration.ofSeconds(1)))).isEmpty();
    }

    @Test
    void noneNeverRetries() {
        assertThat(StatusWriteRetry.NONE.waitAfter(1, Optional.empty())).isEmpty();
        assertThat(StatusWriteRetry.NONE.conflictRetries()).isZero();
    }

    @Test
    void rejectsAPolicyThatCannotRun() {
        assertThatThrownBy(() -> new StatusWriteRetry(0, 0, Duration.ZERO, Duration.ZERO, StatusWriteRetry.Sleeper.THREAD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StatusWriteRetry(0, 1, Duration.ofSeconds(2), Duration.ofSeconds(1),
                StatusWriteRetry.Sleeper.THREAD)).isInstanceOf(IllegalArgumentException.class);
    }
}
