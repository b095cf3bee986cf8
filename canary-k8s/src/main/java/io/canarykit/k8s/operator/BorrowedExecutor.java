package io.canarykit.k8s.operator;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A view of the embedder's executor for one leadership term: the scheduler may shut it down and
 * await its termination (which waits for the tasks submitted through this view only) without
 * shutting down the executor it borrows.
 */
final class BorrowedExecutor extends AbstractExecutorService {

    private final Executor delegate;
    private int running;
    private boolean shutdown;

    BorrowedExecutor(Executor delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void execute(Runnable command) {
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("this leadership term is over");
            }
            running++;
        }
        try {
            delegate.execute(() -> {
                try {
                    command.run();
                } finally {
                    done();
                }
            });
        } catch (RejectedExecutionException e) {
            done();
            throw e;
        }
    }

    private synchronized void done() {
        running--;
        notifyAll();
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        notifyAll();
    }

    /** Stops accepting tasks; running ones are interrupted through their futures by the scheduler. */
    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && running == 0;
    }

    @Override
    public synchronized boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!isTerminated()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
