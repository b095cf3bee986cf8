package io.canarykit.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every request that flowed through the router, in the order they completed: what the demo's metric
 * provider computes from, and how the time to rollback is measured. Thread-safe.
 */
public final class RequestLog {

    private final List<ServedRequest> requests = new ArrayList<>();

    public synchronized void add(ServedRequest request) {
        requests.add(request);
    }

    /** The requests served by {@code side} that completed in {@code (from, to]}. */
    public synchronized List<ServedRequest> between(ServedRequest.Side side, Instant from, Instant to) {
        return requests.stream()
                .filter(r -> r.side() == side && r.at().isAfter(from) && !r.at().isAfter(to))
                .toList();
    }

    public synchronized List<ServedRequest> all() {
        return List.copyOf(requests);
    }

    public synchronized long count(ServedRequest.Side side) {
        return requests.stream().filter(r -> r.side() == side).count();
    }

    public synchronized long errors(ServedRequest.Side side) {
        return requests.stream().filter(r -> r.side() == side && r.isServerError()).count();
    }

    /** The first request that {@code side} answered with a 5xx. */
    public synchronized Optional<ServedRequest> firstError(ServedRequest.Side side) {
        return requests.stream().filter(r -> r.side() == side && r.isServerError()).findFirst();
    }
}
