package io.canarykit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.core.scheduler.TickTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTickTimerTest {

    private final ManualTickTimer timer = new ManualTickTimer();
    private final List<String> ran = new ArrayList<>();

    @Test
    void runsDueTasksInDueTimeOrderThenSchedulingOrder() {
        timer.schedule(() -> ran.add("b@20"), Duration.ofSeconds(20));
        timer.schedule(() -> ran.add("a@10"), Duration.ofSeconds(10));
        timer.schedule(() -> ran.add("c@10"), Duration.ofSeconds(10));
        timer.schedule(() -> ran.add("d@30"), Duration.ofSeconds(30));

        timer.advance(Duration.ofSeconds(20));

        assertThat(ran).containsExactly("a@10", "c@10", "b@20");
        assertThat(timer.pending()).isOne();
        assertThat(timer.elapsed()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void taskScheduledByARunningTaskCountsFromItsDueTimeAndRunsWhenDueWithinTheAdvance() {
        timer.schedule(() -> {
            ran.add("first@10");
            timer.schedule(() -> ran.add("second@15"), Duration.ofSeconds(5));
            timer.schedule(() -> ran.add("third@25"), Duration.ofSeconds(15));
        }, Duration.ofSeconds(10));

        timer.advance(Duration.ofSeconds(20));
        assertThat(ran).containsExactly("first@10", "second@15");

        timer.advance(Duration.ofSeconds(4));
        assertThat(ran).hasSize(2);
        timer.advance(Duration.ofSeconds(1));
        assertThat(ran).containsExactly("first@10", "second@15", "third@25");
        assertThat(timer.pending()).isZero();
    }

    @Test
    void cancelledTaskNeverRunsAndIsNotPending() {
        TickTimer.Cancellable handle = timer.schedule(() -> ran.add("cancelled"), Duration.ofSeconds(1));
        timer.schedule(() -> ran.add("kept"), Duration.ofSeconds(1));
        handle.cancel();

        assertThat(timer.pending()).isOne();
        timer.advance(Duration.ofSeconds(1));

        assertThat(ran).containsExactly("kept");
    }

    @Test
    void zeroOrNegativeDelayIsDueAtOnceButOnlyOnAdvance() {
        timer.schedule(() -> ran.add("now"), Duration.ofSeconds(-3));
        assertThat(ran).isEmpty();

        timer.advance(Duration.ZERO);

        assertThat(ran).containsExactly("now");
    }

    @Test
    void timeDoesNotGoBack() {
        assertThatThrownBy(() -> timer.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
