package io.canarykit.demo;

import io.canarykit.api.model.GoDuration;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The load a {@code hey} command line asks for, as Flagger's loadtester receives it in the
 * {@code cmd} metadata of a webhook: {@code -z} duration, {@code -n} requests, {@code -q} rate per
 * worker, {@code -c} workers, then the URL. Only the subset the demo needs; anything else is
 * rejected rather than ignored. The run is always bounded: by {@code -n}, by {@code -z}, and by
 * {@link #MAX_REQUESTS} and {@link #MAX_DURATION} whatever the command says.
 */
public record HeyCommand(URI url, Duration duration, int requests, double ratePerWorker, int workers) {

    public static final int MAX_REQUESTS = 20_000;
    public static final Duration MAX_DURATION = Duration.ofSeconds(60);

    public HeyCommand {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(duration, "duration");
        if (!"127.0.0.1".equals(url.getHost())) {
            throw new IllegalArgumentException("the demo's load generator only sends to 127.0.0.1, not " + url.getHost());
        }
        if (workers < 1 || ratePerWorker < 0 || requests < 1 || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("hey needs -c ≥ 1, -q ≥ 0, -n ≥ 1 and -z > 0");
        }
    }

    /** Parses {@code hey [-z D] [-n N] [-q Q] [-c C] URL}. */
    public static HeyCommand parse(String cmd) {
        List<String> words = List.of(cmd.trim().split("\\s+"));
        if (words.isEmpty() || !words.get(0).equals("hey")) {
            throw new IllegalArgumentException("only hey commands are supported, got: " + cmd);
        }
        Duration duration = MAX_DURATION;
        int requests = MAX_REQUESTS;
        double rate = 0;
        int workers = 50;
        URI url = null;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (word.startsWith("-")) {
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException("hey: " + word + " needs a value");
                }
                String value = words.get(++i);
                switch (word) {
                    case "-z" -> duration = GoDuration.parse(value);
                    case "-n" -> requests = Integer.parseInt(value);
                    case "-q" -> rate = Double.parseDouble(value);
                    case "-c" -> workers = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("hey: unsupported flag " + word);
                }
            } else {
                url = URI.create(word);
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("hey: no URL in: " + cmd);
        }
        return new HeyCommand(url, min(duration, MAX_DURATION), Math.min(requests, MAX_REQUESTS), rate, workers);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
