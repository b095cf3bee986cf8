package io.canarykit.k8s.operator;

import io.canarykit.core.scheduler.CanaryKey;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The informers' work queue: canary keys in arrival order, each at most once (a key queued again
 * before it was processed is merged, and stays urgent if either request was), handed one at a time
 * to a single worker thread under a token-bucket rate limit.
 */
final class WorkQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkQueue.class);

    private final Map<CanaryKey, Boolean> pending = new LinkedHashMap<>();
    private final BiConsumer<CanaryKey, Boolean> handler;
    private final TokenBucket bucket;
    private final Thread worker;
    private volatile boolean closed;

    WorkQueue(String name, double ratePerSecond, int burst, BiConsumer<CanaryKey, Boolean> handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        this.bucket = new TokenBucket(ratePerSecond, burst, System.nanoTime());
        this.worker = new Thread(this::loop, name);
        this.worker.setDaemon(true);
    }

    void start() {
        worker.start();
    }

    /** Queues {@code key}; {@code urgent} asks for a tick now (a spec change or a deletion). */
    synchronized void add(CanaryKey key, boolean urgent) {
        if (closed) {
            return;
        }
        pending.merge(key, urgent, Boolean::logicalOr);
        notifyAll();
    }

    synchronized int size() {
        return pending.size();
    }

    boolean isAlive() {
        return worker.isAlive() && !closed;
    }

    private void loop() {
        while (!closed) {
            Map.Entry<CanaryKey, Boolean> next;
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                Iterator<Map.Entry<CanaryKey, Boolean>> it = pending.entrySet().iterator();
                Map.Entry<CanaryKey, Boolean> first = it.next();
                next = Map.entry(first.getKey(), first.getValue());
                it.remove();
            }
            Duration wait = bucket.reserve(System.nanoTime());
            if (!wait.isZero()) {
                LockSupport.parkNanos(wait.toNanos());
            }
            try {
                handler.accept(next.getKey(), next.getValue());
            } catch (RuntimeException e) {
                LOG.warn("canary={} could not be queued for ticking: {}", next.getKey(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            pending.clear();
            notifyAll();
        }
        worker.interrupt();
        try {
            worker.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
