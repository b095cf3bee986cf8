package io.canarykit.demo;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the load a {@link HeyCommand} describes and returns when it is done: {@code -c} workers,
 * each paced at {@code -q} requests per second (unpaced when 0), until {@code -n} requests were sent
 * or {@code -z} elapsed, whichever comes first. It measures elapsed time with {@link System#nanoTime()}
 * because pacing needs a monotonic clock, not the wall clock.
 */
public final class LoadGenerator {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** Runs {@code command} to completion on its own threads. */
    public LoadRun run(HeyCommand command) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + command.duration().toNanos();
        AtomicInteger tickets = new AtomicInteger(command.requests());
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        HttpRequest request = HttpRequest.newBuilder(command.url()).timeout(REQUEST_TIMEOUT).GET().build();
        ExecutorService workers = Executors.newFixedThreadPool(command.workers(), Loopback.named("hey"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < command.workers(); w++) {
                running.add(workers.submit(() -> {
                    long gap = command.ratePerWorker() > 0 ? (long) (1_000_000_000L / command.ratePerWorker()) : 0;
                    long next = start;
                    while (System.nanoTime() < deadline && tickets.getAndDecrement() > 0) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(Math.min(wait, deadline - System.nanoTime()));
                            if (System.nanoTime() >= deadline) {
                                return;
                            }
                        }
                        next += gap;
                        send(request, succeeded, serverErrors, unanswered);
                    }
                }));
            }
            for (Future<?> worker : running) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a load worker failed", e.getCause());
                }
            }
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        int sent = succeeded.get() + serverErrors.get() + unanswered.get();
        return new LoadRun(sent, succeeded.get(), serverErrors.get(), unanswered.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    private void send(HttpRequest request, AtomicInteger succeeded, AtomicInteger serverErrors, AtomicInteger unanswered) {
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            (status >= 500 ? serverErrors : succeeded).incrementAndGet();
        } catch (IOException e) {
            unanswered.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unanswered.incrementAndGet();
        }
    }
}
