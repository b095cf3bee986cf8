package io.canarykit.core.scheduler;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * When ticks are due. The real one is a {@link ScheduledExecutorService}; tests use a manual timer
 * that runs due tasks when virtual time advances, so no test waits for real time.
 */
public interface TickTimer {

    /** Runs {@code task} after {@code delay}; the returned handle cancels it. */
    Cancellable schedule(Runnable task, Duration delay);

    /** A handle on a scheduled task. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /**
     * The one-thread executor a {@link #of} timer runs on. Cancelled tasks leave its queue at once:
     * every tick schedules a watchdog at its deadline and cancels it when the tick ends, and by
     * default those would stay queued until their deadline, thousands at a time in a fleet.
     */
    static ScheduledExecutorService singleThreadExecutor(ThreadFactory threads) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** A timer over {@code executor}, which only ever runs the (tiny) hand-off to the workers. */
    static TickTimer of(ScheduledExecutorService executor) {
        return (task, delay) -> {
            ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
