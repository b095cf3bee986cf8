package io.canarykit.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;

class TickTimerTest {

    @Test
    void aCancelledTaskLeavesTheQueueAtOnceRatherThanAtItsDeadline() {
        ScheduledThreadPoolExecutor executor = (ScheduledThreadPoolExecutor) TickTimer.singleThreadExecutor(Thread::new);
        try {
            TickTimer timer = TickTimer.of(executor);
            TickTimer.Cancellable kept = timer.schedule(() -> { }, Duration.ofHours(1));
            for (int i = 0; i < 1_000; i++) {
                timer.schedule(() -> { }, Duration.ofHours(1)).cancel();
            }

            assertThat(executor.getQueue()).as("1,000 cancelled watchdogs, one live task").hasSize(1);
            kept.cancel();
            assertThat(executor.getQueue()).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }
}
