package io.canarykit.core.webhook;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@link HttpClient#send} on a reused daemon thread, so that the caller can bound the whole
 * exchange, body included, with {@link Future#get(long, TimeUnit)} and end it with
 * {@link Future#cancel(boolean) cancel(true)} (which interrupts {@code send}, and the JDK then
 * aborts the exchange).
 *
 * <p>Why not {@link HttpClient#sendAsync}: on a JVM that sees fewer than three processors — a pod
 * with a CPU limit of 2 or less — the JDK client completes every {@code sendAsync} through
 * {@code CompletableFuture}'s default executor, which is then a new thread per task. An operator
 * calling a load-test hook on every tick started and ended one thread per call (2,343 in five
 * minutes of e2e case 17). The threads here live while calls keep coming and end after a minute
 * without one; there are never more than the calls in flight.
 */
final class Exchanges {

    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    private static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "canarykit-webhook-" + THREAD_NUMBERS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private Exchanges() {
    }

    /** {@code http.send(request, handler)}, started on one of the exchange threads. */
    static <T> Future<HttpResponse<T>> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return THREADS.submit(() -> http.send(request, handler));
    }
}
