package io.canarykit.testkit.k8s;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Requests drained from a {@link RequestLog}, counted by verb and by path. */
public record RequestCounts(List<ApiRequest> requests) {

    public RequestCounts {
        requests = List.copyOf(requests);
    }

    public int total() {
        return requests.size();
    }

    /** Requests with HTTP method {@code verb} ({@code GET}, {@code PUT}, ...). */
    public int count(String verb) {
        return (int) requests.stream().filter(r -> r.method().equals(verb)).count();
    }

    public int writes() {
        return (int) requests.stream().filter(ApiRequest::isWrite).count();
    }

    /** Counts per verb, for every verb seen (sorted, so that failure messages are stable). */
    public Map<String, Integer> byVerb() {
        Map<String, Integer> counts = new TreeMap<>();
        requests.forEach(r -> counts.merge(r.method(), 1, Integer::sum));
        return counts;
    }

    /** Counts per {@code "<verb> <path without query>"}. */
    public Map<String, Integer> byPath() {
        Map<String, Integer> counts = new TreeMap<>();
        requests.forEach(r -> counts.merge(r.method() + " " + r.resourcePath(), 1, Integer::sum));
        return counts;
    }

    public RequestCounts filter(Predicate<ApiRequest> keep) {
        return new RequestCounts(requests.stream().filter(keep).toList());
    }

    /** Without informer watches, which run in the background and belong to no tick. */
    public RequestCounts withoutWatches() {
        return filter(r -> !r.isWatch());
    }

    @Override
    public String toString() {
        return byPath().toString();
    }
}
