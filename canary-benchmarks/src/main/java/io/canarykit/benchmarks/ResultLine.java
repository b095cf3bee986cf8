package io.canarykit.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One measurement as a line {@code RESULT {"harness": ..., ...}}: flat JSON that run.sh collects
 * into {@code target/results/<harness>.jsonl} and {@code report.Tables} turns into BENCHMARKS.md's
 * tables, so the published figures are refreshed by rerunning, not by retyping.
 */
public final class ResultLine {

    private final Map<String, Object> fields = new LinkedHashMap<>();

    private ResultLine(String harness, String kind) {
        fields.put("harness", harness);
        fields.put("kind", kind);
    }

    public static ResultLine of(String harness, String kind) {
        return new ResultLine(harness, kind);
    }

    /** Adds a field: a number, a boolean or a string. */
    public ResultLine with(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    public String toJson() {
        return fields.entrySet().stream().map(e -> quote(e.getKey()) + ": " + value(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    public void print() {
        System.out.println("RESULT " + toJson());
    }

    private static String value(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.3f", d);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return quote(value.toString());
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
