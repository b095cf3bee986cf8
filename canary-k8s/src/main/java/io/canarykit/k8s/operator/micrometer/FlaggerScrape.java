package io.canarykit.k8s.operator.micrometer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a Prometheus text scrape of {@link MicrometerOperatorMetrics} read as Flagger's Go client
 * writes its series, for dashboards and alerts that select on them: the duration histogram's bounds
 * in Go's shortest form ({@code le="1"}, {@code le="10"}; both Java clients write {@code "1.0"}),
 * and without the {@code flagger_canary_duration_seconds_max} gauge Micrometer adds to every timer.
 * Other series pass through untouched.
 */
public final class FlaggerScrape {

    private static final String HISTOGRAM = "flagger_canary_duration_seconds";
    private static final String MAX = HISTOGRAM + "_max";
    private static final Pattern WHOLE_BOUND = Pattern.compile("le=\"(\\d+)\\.0\"");

    private FlaggerScrape() {
    }

    public static String asFlaggerWrites(String scrape) {
        StringBuilder out = new StringBuilder(scrape.length());
        for (String line : scrape.split("\n", -1)) {
            if (isOf(line, MAX)) {
                continue;
            }
            if (line.startsWith(HISTOGRAM + "_bucket{")) {
                Matcher bound = WHOLE_BOUND.matcher(line);
                line = bound.replaceFirst("le=\"$1\"");
            }
            out.append(line).append('\n');
        }
        // split(-1) saw the text's last newline as one more (empty) line.
        out.setLength(out.length() - 1);
        return out.toString();
    }

    /** A sample, HELP or TYPE line of the family {@code name}. */
    private static boolean isOf(String line, String name) {
        String text = line.startsWith("# HELP ") || line.startsWith("# TYPE ") ? line.substring(7) : line;
        return text.startsWith(name + "{") || text.startsWith(name + " ");
    }
}
