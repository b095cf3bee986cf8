package io.canarykit.demo;

import io.canarykit.api.model.MetricTemplateProvider;
import io.canarykit.api.spi.MetricProvider;
import io.canarykit.api.spi.MetricQuery;
import io.canarykit.api.spi.MetricResult;
import io.canarykit.api.spi.MetricSource;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Waits, before the first check, until Prometheus has what the checks need. Without it the first
 * checks would find no series ("no values found"), and each counts as a failed check: a healthy v2
 * could be rolled back for Prometheus's start-up latency alone. Two things are awaited:
 * <ol>
 * <li>each pod was scraped twice, seen from the pods' side — this also measures the scrape interval
 *     (file_sd hands new targets to the scrapers only every 5 s, so this takes 5–7 s at a 1 s interval);
 * <li>the pods' {@code http_requests_total} series are queryable at the URL the checks use — which
 *     proves that the Prometheus scraping the pods is the one the demo queries.
 * </ol>
 */
final class ScrapeWait {

    private static final Duration POLL = Duration.ofMillis(100);

    private ScrapeWait() {
    }

    /** The scrape interval observed on {@code pods}, once each was scraped twice; fails after {@code timeout}. */
    static Duration untilScrapedTwice(List<InProcessDeployment> pods, Duration timeout, String howToFix) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pods.stream().anyMatch(p -> p.scrapes().size() < 2)) {
            if (System.nanoTime() > deadline) {
                throw new DemoSetupException("no Prometheus scraped " + pods.stream().map(p -> p.target() + " (" + p.scrapes().size()
                        + " scrapes)").collect(Collectors.joining(", ")) + " within " + timeout.toSeconds() + "s; " + howToFix);
            }
            Thread.sleep(POLL.toMillis());
        }
        long longest = 0;
        for (InProcessDeployment pod : pods) {
            List<Long> scrapes = pod.scrapes();
            longest = Math.max(longest, scrapes.get(scrapes.size() - 1) - scrapes.get(scrapes.size() - 2));
        }
        return Duration.ofNanos(longest);
    }

    /** Returns once {@code url} answers every pod's zero-initialized request counters; fails after {@code timeout}. */
    static void untilQueryable(MetricProvider prometheus, URI url, List<InProcessDeployment> pods, Duration timeout)
            throws InterruptedException {
        String query = seriesQuery(pods);
        long expected = (long) pods.size() * PodMetrics.INITIAL_STATUSES.size();
        MetricSource source = new MetricSource("prod", MetricTemplateProvider.prometheus(url.toString()));
        long deadline = System.nanoTime() + timeout.toNanos();
        MetricResult last = prometheus.query(MetricQuery.now(source, query));
        while (!(last instanceof MetricResult.Value value && value.value() == expected)) {
            if (System.nanoTime() > deadline) {
                throw new DemoSetupException("the pods are scraped, but " + url + " does not answer their series (" + query + " -> "
                        + last + ", expected " + expected + "): is another Prometheus scraping the targets file?");
            }
            Thread.sleep(POLL.toMillis());
            last = prometheus.query(MetricQuery.now(source, query));
        }
    }

    /**
     * Returns once none of {@code queries} (the checks' rendered queries) has a value while the canary
     * has had no traffic yet. They select pods by name pattern ({@code web-…}), as Flagger's do, so an
     * earlier demo run's canary still counts until its requests leave the rate window; judging v2 on
     * them would be wrong. Returns at once on a fresh Prometheus.
     */
    static void untilQuiet(MetricProvider prometheus, MetricSource source, Collection<String> queries, Duration timeout,
            Consumer<String> notes) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        for (String query : queries) {
            MetricResult last;
            while ((last = prometheus.query(MetricQuery.now(source, query))) instanceof MetricResult.Value) {
                if (!told) {
                    notes.accept("an earlier run's canary requests are still within the checks' rate window; waiting until they leave it");
                    told = true;
                }
                if (System.nanoTime() > deadline) {
                    throw new DemoSetupException("the checks' queries still see requests from before this run after "
                            + timeout.toSeconds() + "s: " + query + " -> " + last);
                }
                Thread.sleep(POLL.toMillis() * 5);
            }
        }
    }

    /** {@code count(http_requests_total{kubernetes_pod_name=~"pod-a|pod-b"})}: these pods only, whatever the job is called. */
    static String seriesQuery(List<InProcessDeployment> pods) {
        return "count(http_requests_total{kubernetes_pod_name=~\""
                + pods.stream().map(InProcessDeployment::podName).collect(Collectors.joining("|")) + "\"})";
    }
}
