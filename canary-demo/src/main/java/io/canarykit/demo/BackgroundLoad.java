package io.canarykit.demo;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Steady load through the router for the whole run (100 requests a second, at most
 * {@link HeyCommand#MAX_DURATION}), so a sequential test checked between the analyses has traffic
 * to count. Stops when closed or by itself.
 */
final class BackgroundLoad implements AutoCloseable {

    private final ExecutorService runner;
    private final Future<?> run;

    private BackgroundLoad(ExecutorService runner, Future<?> run) {
        this.runner = runner;
        this.run = run;
    }

    static BackgroundLoad start(URI router) {
        HeyCommand steady = new HeyCommand(router, HeyCommand.MAX_DURATION, HeyCommand.MAX_REQUESTS, DemoCanary.RATE_PER_WORKER,
                DemoCanary.WORKERS);
        ExecutorService runner = Executors.newSingleThreadExecutor(Loopback.named("background-load"));
        Future<?> run = runner.submit(() -> {
            try {
                new LoadGenerator().run(steady);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return new BackgroundLoad(runner, run);
    }

    @Override
    public void close() {
        run.cancel(true);
        runner.shutdownNow();
        try {
            runner.awaitTermination(Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
