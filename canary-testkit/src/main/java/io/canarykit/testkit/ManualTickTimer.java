package io.canarykit.testkit;

import io.canarykit.core.scheduler.TickTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Virtual time for a {@code CanaryScheduler} (or an operator built on one): scheduled tasks run
 * only when {@link #advance} moves time past their due time, on the caller's thread, in due-time
 * order (tasks due at the same time in the order they were scheduled). A task scheduled while
 * time advances, and due within the advance, runs in the same call. Thread-safe.
 *
 * <pre>{@code
 * ManualTickTimer timer = new ManualTickTimer();
 * CanaryOperator operator = CanaryOperator.builder(client).clock(clock).timer(timer).build();
 * ...
 * clock.add(interval);
 * timer.advance(interval); // the ticks that fell due are handed to the scheduler's workers
 * }</pre>
 */
public final class ManualTickTimer implements TickTimer {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long sequence;

    @Override
    public synchronized Cancellable schedule(Runnable task, Duration delay) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(delay, "delay");
        Task scheduled = new Task(now + Math.max(0, delay.toNanos()), sequence++, task);
        tasks.add(scheduled);
        return () -> scheduled.cancelled = true;
    }

    /** Moves time forward by {@code duration} and runs every task that falls due, in order. */
    public void advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time cannot go back, got " + duration);
        }
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        while (true) {
            List<Task> due = new ArrayList<>();
            synchronized (this) {
                while (!tasks.isEmpty() && tasks.peek().due <= target) {
                    due.add(tasks.poll());
                }
                if (due.isEmpty()) {
                    now = target;
                    return;
                }
                // Tasks scheduled by the ones about to run count their delay from this instant.
                now = Math.max(now, due.get(due.size() - 1).due);
            }
            due.stream().filter(t -> !t.cancelled).forEach(t -> t.runnable.run());
        }
    }

    /** The tasks scheduled and neither run nor cancelled. */
    public synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
    }

    /** The virtual time advanced so far. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(now);
    }

    private static final class Task implements Comparable<Task> {
        final long due;
        final long sequence;
        final Runnable runnable;
        volatile boolean cancelled;

        Task(long due, long sequence, Runnable runnable) {
            this.due = due;
            this.sequence = sequence;
            this.runnable = runnable;
        }

        @Override
        public int compareTo(Task other) {
            int byDue = Long.compare(due, other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
