package io.canarykit.k8s.operator;

import io.canarykit.core.scheduler.TickTimer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** Virtual time for the scheduler: due tasks run, on the caller's thread, when time is advanced. */
final class ManualTimer implements TickTimer {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long sequence;

    @Override
    public synchronized Cancellable schedule(Runnable runnable, Duration delay) {
        Task task = new Task(now + Math.max(0, delay.toNanos()), sequence++, runnable);
        tasks.add(task);
        return () -> task.cancelled = true;
    }

    /** Moves time forward and runs every task that falls due, in order. */
    void advance(Duration duration) {
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
                now = Math.max(now, due.get(due.size() - 1).due);
            }
            due.stream().filter(t -> !t.cancelled).forEach(t -> t.runnable.run());
        }
    }

    synchronized int pending() {
        return (int) tasks.stream().filter(t -> !t.cancelled).count();
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
