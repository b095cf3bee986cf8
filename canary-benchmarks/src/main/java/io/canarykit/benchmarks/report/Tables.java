package io.canarykit.benchmarks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Prints BENCHMARKS.md's "Performance at fleet scale" tables (Markdown) from a results directory:
 * JMH's {@code jmh-*.json} and the harnesses' {@code fleet.jsonl} and {@code operator.jsonl}. Paste
 * its output over the tables to refresh them after a rerun of {@code canary-benchmarks/run.sh all}.
 */
public final class Tables {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Tables() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(args.length > 0 ? args[0] : "canary-benchmarks/target/results");
        List<JsonNode> jmh = jmhResults(results);
        tickTable(jmh);
        partsTable(jmh);
        List<JsonNode> fleet = lines(results.resolve("fleet.jsonl"));
        fleetTable(fleet);
        fleetHeapTable(fleet);
        operatorTable(lines(results.resolve("operator.jsonl")));
    }

    private static void tickTable(List<JsonNode> jmh) {
        List<JsonNode> ticks = jmh.stream().filter(b -> b.path("benchmark").asText().endsWith("TickBenchmark.tick"))
                .sorted(Comparator.comparing((JsonNode b) -> b.path("params").path("strategy").asText())
                        .thenComparingInt(b -> b.path("params").path("metrics").asInt()))
                .toList();
        if (ticks.isEmpty()) {
            return;
        }
        System.out.println("| strategy | metrics | p50 | p99 | mean | allocated per tick |");
        System.out.println("|---|---|---|---|---|---|");
        for (JsonNode b : ticks) {
            JsonNode primary = b.path("primaryMetric");
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f µs | %.1f µs | %.1f µs | %s |%n", b.path("params").path("strategy").asText(),
                    b.path("params").path("metrics").asInt(), primary.path("scorePercentiles").path("50.0").asDouble(),
                    primary.path("scorePercentiles").path("99.0").asDouble(), primary.path("score").asDouble(), allocation(b));
        }
        System.out.println();
    }

    private static void partsTable(List<JsonNode> jmh) {
        List<JsonNode> parts = jmh.stream().filter(b -> b.path("benchmark").asText().contains("TickPartsBenchmark")).toList();
        if (parts.isEmpty()) {
            return;
        }
        System.out.println("| part of a tick | time | allocated |");
        System.out.println("|---|---|---|");
        for (JsonNode b : parts) {
            String name = b.path("benchmark").asText();
            System.out.printf(Locale.ROOT, "| `%s` | %.0f ns | %s |%n", name.substring(name.lastIndexOf('.') + 1),
                    b.path("primaryMetric").path("score").asDouble(), allocation(b));
        }
        System.out.println();
    }

    private static String allocation(JsonNode benchmark) {
        JsonNode norm = benchmark.path("secondaryMetrics").path("gc.alloc.rate.norm");
        return norm.isMissingNode() ? "(run with -prof gc)" : String.format(Locale.ROOT, "%,.0f B", norm.path("score").asDouble());
    }

    private static void fleetTable(List<JsonNode> fleet) {
        List<JsonNode> rows = fleet.stream().filter(l -> l.path("kind").asText().equals("throughput")).toList();
        if (rows.isEmpty()) {
            return;
        }
        System.out.println("| canaries | driver | threads | ticks per second | cores the process got | process CPU per tick | GC time | scheduler overhead (CPU per tick) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (JsonNode r : rows) {
            String overhead = "";
            if (r.path("mode").asText().equals("scheduler")) {
                overhead = bare(rows, r).map(b -> String.format(Locale.ROOT, "%+.1f µs (%+.0f%%)",
                        r.path("cpuMicrosPerTick").asDouble() - b.path("cpuMicrosPerTick").asDouble(),
                        100 * (r.path("cpuMicrosPerTick").asDouble() / b.path("cpuMicrosPerTick").asDouble() - 1))).orElse("");
            }
            System.out.printf(Locale.ROOT, "| %,d | %s | %d | %,.0f | %.2f | %.1f µs | %.1f%% | %s |%n", r.path("canaries").asInt(),
                    r.path("mode").asText().equals("bare") ? "bare loop" : "CanaryScheduler", r.path("threads").asInt(),
                    r.path("ticksPerSecond").asDouble(), r.path("coresBusy").asDouble(), r.path("cpuMicrosPerTick").asDouble(), r.path("gcPercent").asDouble(), overhead);
        }
        System.out.println();
    }

    private static Optional<JsonNode> bare(List<JsonNode> rows, JsonNode scheduled) {
        return rows.stream().filter(b -> b.path("mode").asText().equals("bare") && b.path("canaries").equals(scheduled.path("canaries"))
                && b.path("threads").equals(scheduled.path("threads"))).findFirst();
    }

    private static void fleetHeapTable(List<JsonNode> fleet) {
        List<JsonNode> rows = fleet.stream().filter(l -> l.path("kind").asText().equals("heap")).toList();
        if (rows.isEmpty()) {
            return;
        }
        System.out.println("| canaries | retained heap per canary | of which the decoded manifest | of which the analysis status | whole fleet | scheduler's extra per canary, saturated |");
        System.out.println("|---|---|---|---|---|---|");
        for (JsonNode r : rows) {
            long perCanary = r.path("bytesPerCanary").asLong();
            System.out.printf(Locale.ROOT, "| %,d | %,d B | %s | %s | %,.0f MB | %,d B |%n", r.path("canaries").asInt(), perCanary,
                    bytes(r.path("manifestBytesPerCanary")), bytes(r.path("statusBytesPerCanary")),
                    perCanary * r.path("canaries").asDouble() / (1024 * 1024), r.path("schedulerBytesPerCanary").asLong());
        }
        System.out.println();
    }

    private static String bytes(JsonNode value) {
        return value.isMissingNode() ? "" : String.format(Locale.ROOT, "%,d B", value.asLong());
    }

    private static void operatorTable(List<JsonNode> operator) {
        List<JsonNode> rounds = operator.stream().filter(l -> l.path("kind").asText().equals("round")).toList();
        if (rounds.isEmpty()) {
            return;
        }
        System.out.println("| canaries | steady state | GET (reads, lists) | POST | PUT | PATCH | DELETE | analysis tick p50 | p99 | operator CPU per 1m round | share of one core at 1m | operator heap | per canary |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (JsonNode r : rounds) {
            Optional<JsonNode> heap = operator.stream().filter(l -> l.path("kind").asText().equals("heap")
                    && l.path("canaries").equals(r.path("canaries"))).findFirst();
            boolean analysing = r.path("analysisTicks").asInt() > 0;
            System.out.printf(Locale.ROOT, "| %,d | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %,.0f ms | %.2f%% | %s | %s |%n",
                    r.path("canaries").asInt(), r.path("state").asText(), r.path("getPerTick").asDouble(),
                    r.path("postPerTick").asDouble(), r.path("putPerTick").asDouble(), r.path("patchPerTick").asDouble(),
                    r.path("deletePerTick").asDouble(), analysing ? millis(r.path("p50Micros").asDouble()) : "—",
                    analysing ? millis(r.path("p99Micros").asDouble()) : "—", r.path("operatorCpuMillisPerRound").asDouble(),
                    100 * r.path("coreShareAt1m").asDouble(),
                    heap.map(h -> String.format(Locale.ROOT, "%,.0f MB", h.path("operatorHeapMb").asDouble())).orElse(""),
                    heap.map(h -> String.format(Locale.ROOT, "%,d B", h.path("bytesPerCanary").asLong())).orElse(""));
        }
        System.out.println();
    }

    private static String millis(double micros) {
        return micros >= 1000 ? String.format(Locale.ROOT, "%.1f ms", micros / 1000) : String.format(Locale.ROOT, "%.0f µs", micros);
    }

    private static List<JsonNode> jmhResults(Path dir) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("jmh-.*\\.json")).sorted().toList()) {
                JSON.readTree(file.toFile()).forEach(all::add);
            }
        }
        return all;
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<JsonNode> all = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                all.add(JSON.readTree(line));
            }
        }
        return all;
    }
}
