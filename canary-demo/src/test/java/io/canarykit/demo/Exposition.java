package io.canarykit.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4) for tests: every line must be a
 * {@code # HELP}/{@code # TYPE} comment or {@code name{label="value",...} number}; anything else
 * fails, so a malformed exposition cannot pass.
 */
record Exposition(Map<String, String> types, List<Sample> samples) {

    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");

    static Exposition parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() || line.startsWith("# HELP ")) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] words = line.split(" ");
                types.put(words[2], words[3]);
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            String body = sample.group(2) == null ? "" : sample.group(2);
            Matcher label = LABEL.matcher(body);
            int at = 0;
            while (at < body.length()) {
                if (!label.find(at) || label.start() != at) {
                    throw new IllegalArgumentException("bad labels in: " + line);
                }
                labels.put(label.group(1), label.group(2));
                at = label.end();
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(3))));
        }
        return new Exposition(types, samples);
    }

    /** The value of the one sample named {@code name} with all of {@code labels}. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        if (found.size() != 1) {
            throw new IllegalArgumentException(found.size() + " samples " + name + labels);
        }
        return found.get(0).value();
    }

    record Sample(String name, Map<String, String> labels, double value) {
    }
}
