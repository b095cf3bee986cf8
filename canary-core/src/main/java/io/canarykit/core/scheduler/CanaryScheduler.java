package io.canarykit.core.scheduler;

import io.canarykit.api.ConflictException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.CanaryStore;
import io.canarykit.core.engine.TickResult;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Ticks any number of canaries on a bounded pool of workers — no thread per canary. Each tick reads
 * the canary from the store, runs the engine and writes the status back when it changed; the next
 * tick is due when the result says. Two ticks of one canary never run at once: a tick requested
 * while one is running runs right after it. A tick that outlives its deadline is interrupted, so a
 * stuck backend cannot hold a worker forever.
 */
public final class CanaryScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CanaryScheduler.class);

    private final Ticker ticker;
    private final CanaryStore store;
    private final TickTimer timer;
    private final ExecutorService workers;
    /** Whether the workers are ours to shut down; a caller's executor is theirs. */
    private final boolean ownWorkers;
    private final @Nullable ScheduledExecutorService ownTimerExecutor;
    private final Duration tickDeadline;
    private final Duration retryAfterConflict;
    private final Duration retryAfterError;
    private final TickListener listener;
    private final ConcurrentMap<CanaryKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private volatile boolean closed;

    private CanaryScheduler(Builder b) {
        this.ticker = Objects.requireNonNull(b.ticker, "ticker");
        this.store = Objects.requireNonNull(b.store, "store");
        if (b.timer == null) {
            ScheduledExecutorService executor = TickTimer.singleThreadExecutor(daemon("canary-timer"));
            this.ownTimerExecutor = executor;
            this.timer = TickTimer.of(executor);
        } else {
            this.ownTimerExecutor = null;
            this.timer = b.timer;
        }
        this.ownWorkers = b.workers == null;
        this.workers = b.workers == null ? Executors.newFixedThreadPool(b.maxConcurrentTicks, daemon("canary-tick")) : b.workers;
        this.tickDeadline = b.tickDeadline;
        this.retryAfterConflict = b.retryAfterConflict;
        this.retryAfterError = b.retryAfterError;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts ticking the canary now; a canary already scheduled is left alone. */
    public void add(CanaryKey key) {
        Entry fresh = new Entry(key);
        Entry entry = entries.compute(key, (k, existing) -> {
            if (existing == null) {
                return fresh;
            }
            // Removed while a tick was still running: revive the same entry, so its ticks never overlap.
            existing.removed = false;
            return existing;
        });
        trigger(entry);
    }

    /** Ticks the canary as soon as possible (its spec changed); its regular schedule restarts from there. */
    public void tickNow(CanaryKey key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            add(key);
        } else {
            trigger(entry);
        }
    }

    /**
     * Stops ticking the canary; a tick in flight finishes (its entry is dropped then, so that a
     * canary added again meanwhile never ticks twice at once).
     */
    public void remove(CanaryKey key) {
        Entry entry = entries.get(key);
        if (entry != null) {
            entry.removed = true;
            entry.generation.incrementAndGet();
            synchronized (entry) {
                if (!entry.running) {
                    entries.remove(key, entry);
                }
            }
        }
    }

    public Set<CanaryKey> scheduled() {
        return entries.values().stream().filter(e -> !e.removed).map(e -> e.key).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Ticks running or handed to a worker right now. */
    public int ticksInFlight() {
        return inFlight.get();
    }

    /** Waits until no tick is in flight; for tests and orderly shutdown. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        idleLock.lock();
        try {
            while (inFlight.get() > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            idleLock.unlock();
        }
    }

    private void trigger(Entry entry) {
        if (closed || entry.removed) {
            return;
        }
        synchronized (entry) {
            entry.generation.incrementAndGet();
            if (entry.running) {
                entry.rerun = true;
                return;
            }
            entry.running = true;
        }
        inFlight.incrementAndGet();
        try {
            workers.execute(() -> run(entry));
        } catch (RejectedExecutionException e) {
            finished(entry, false, Duration.ZERO);
        }
    }

    /**
     * One tick on a worker. Its deadline starts when it starts running (a tick waiting for a busy
     * pool has not used any of it) and interrupts this worker only while this tick still runs.
     */
    private void run(Entry entry) {
        Thread worker = Thread.currentThread();
        Object runningTick = new Object();
        boolean[] done = {false};
        TickTimer.Cancellable watchdog = timer.schedule(() -> {
            synchronized (runningTick) {
                if (!done[0]) {
                    LOG.warn("canary={} tick exceeded its deadline of {}; interrupting it", entry.key, tickDeadline);
                    worker.interrupt();
                }
            }
        }, tickDeadline);
        try {
            tickOnce(entry);
        } finally {
            synchronized (runningTick) {
                done[0] = true;
            }
            watchdog.cancel();
            // An interrupt that arrived for this tick must not reach the worker's next task.
            Thread.interrupted();
        }
    }

    private void tickOnce(Entry entry) {
        Duration next = retryAfterError;
        MDC.put("canary.namespace", entry.key.namespace());
        MDC.put("canary.name", entry.key.name());
        try {
            Optional<Canary> canary = store.canary(entry.key.namespace(), entry.key.name());
            if (canary.isEmpty()) {
                LOG.info("canary={} is gone; no longer scheduled", entry.key);
                entry.removed = true;
                return;
            }
            TickResult result = ticker.tick(canary.get());
            next = result.rescheduleAfter();
            if (result.statusChanged()) {
                try {
                    store.updateStatus(canary.get(), result.status());
                } catch (ConflictException conflict) {
                    // Someone else wrote the canary since we read it: re-read and tick again soon.
                    LOG.info("canary={} status conflict, retrying in {}: {}", entry.key, retryAfterConflict, conflict.getMessage());
                    next = retryAfterConflict;
                }
            }
            listener.onTick(entry.key, result);
        } catch (RuntimeException e) {
            LOG.error("canary={} tick failed: {}", entry.key, e.toString());
            listener.onError(entry.key, e);
        } finally {
            MDC.remove("canary.namespace");
            MDC.remove("canary.name");
            finished(entry, true, next);
        }
    }

    private void finished(Entry entry, boolean ran, Duration next) {
        boolean again;
        synchronized (entry) {
            entry.running = false;
            again = entry.rerun;
            entry.rerun = false;
            if (entry.removed) {
                entries.remove(entry.key, entry);
            }
        }
        if (!entry.removed && !closed) {
            if (again) {
                trigger(entry);
            } else if (ran) {
                long generation = entry.generation.get();
                timer.schedule(() -> {
                    if (entry.generation.get() == generation) {
                        trigger(entry);
                    }
                }, next);
            }
        }
        if (inFlight.decrementAndGet() == 0) {
            idleLock.lock();
            try {
                idle.signalAll();
            } finally {
                idleLock.unlock();
            }
        }
    }

    /**
     * Stops scheduling and lets ticks in flight finish (up to the tick deadline). Workers the
     * scheduler created are shut down; an executor the caller supplied is left running.
     */
    @Override
    public void close() {
        closed = true;
        entries.clear();
        try {
            if (ownWorkers) {
                workers.shutdown();
                if (!workers.awaitTermination(tickDeadline.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                    workers.shutdownNow();
                }
            } else if (!awaitIdle(tickDeadline.plusSeconds(1))) {
                LOG.warn("ticks still running after {} at shutdown", tickDeadline);
            }
        } catch (InterruptedException e) {
            if (ownWorkers) {
                workers.shutdownNow();
            }
            Thread.currentThread().interrupt();
        }
        if (ownTimerExecutor != null) {
            ownTimerExecutor.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Per-canary scheduling state; the canary's own state lives in its status. */
    private static final class Entry {
        final CanaryKey key;
        final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
        boolean running;
        boolean rerun;
        volatile boolean removed;

        Entry(CanaryKey key) {
            this.key = key;
        }
    }

    /** Configures a scheduler. */
    public static final class Builder {
        private @Nullable Ticker ticker;
        private @Nullable CanaryStore store;
        private @Nullable TickTimer timer;
        private @Nullable ExecutorService workers;
        private int maxConcurrentTicks = 4;
        private Duration tickDeadline = Duration.ofSeconds(60);
        private Duration retryAfterConflict = Duration.ofSeconds(1);
        private Duration retryAfterError = Duration.ofSeconds(10);
        private TickListener listener = TickListener.NOOP;

        private Builder() {
        }

        public Builder ticker(Ticker value) {
            ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /** Where canaries are read from and their statuses written to. */
        public Builder store(CanaryStore value) {
            store = Objects.requireNonNull(value, "store");
            return this;
        }

        /** The timer; by default a single daemon thread of its own. */
        public Builder timer(TickTimer value) {
            timer = Objects.requireNonNull(value, "timer");
            return this;
        }

        /** The workers ticks run on; by default a fixed pool of {@link #maxConcurrentTicks} daemon threads. */
        public Builder workers(ExecutorService value) {
            workers = Objects.requireNonNull(value, "workers");
            return this;
        }

        public Builder maxConcurrentTicks(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConcurrentTicks must be at least 1, got " + value);
            }
            maxConcurrentTicks = value;
            return this;
        }

        /** How long one tick may run before it is interrupted. */
        public Builder tickDeadline(Duration value) {
            tickDeadline = Objects.requireNonNull(value, "tickDeadline");
            return this;
        }

        public Builder retryAfterConflict(Duration value) {
            retryAfterConflict = Objects.requireNonNull(value, "retryAfterConflict");
            return this;
        }

        public Builder retryAfterError(Duration value) {
            retryAfterError = Objects.requireNonNull(value, "retryAfterError");
            return this;
        }

        public Builder listener(TickListener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        public CanaryScheduler build() {
            return new CanaryScheduler(this);
        }
    }
}
