package io.canarykit.demo.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.demo.CanaryDemoCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code canary operator-demo --provider istio|linkerd|knative}: the real operator and the mesh or
 * serverless router on the in-process API, virtual time, the split read back from the object the
 * router wrote (the VirtualService, the TrafficSplit, the Knative Service's traffic block).
 */
class OperatorDemoMeshTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String provider, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CanaryDemoCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(Stream.concat(Stream.of("operator-demo", "--provider", provider), Stream.of(args))
                .toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"istio, virtualService, web-canary", "linkerd, trafficSplit, web-canary", "knative, knativeTraffic, latest"})
    void goodIsPromotedWithOnePatchPerWeightStepReadBackFromTheCluster(String provider, String key, String canaryEntry)
            throws IOException {
        Run run = run(provider, "--scenario", "good", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("provider").asText()).isEqualTo(provider);
        assertThat(root.get("result").asText()).isEqualTo("Succeeded");
        JsonNode ticks = root.get("ticks");
        List<Integer> weights = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            JsonNode tick = ticks.get(i);
            JsonNode routing = tick.get(key);
            assertThat(routing).as("tick %d has the %s", i, key).isNotNull();
            assertThat(tick.get("apiRequests").get("GET").asInt()).as("tick %d reads from the caches", i).isZero();
            if (routing.size() > 0) {
                int sum = 0;
                for (JsonNode weight : routing) {
                    sum += weight.asInt();
                }
                assertThat(sum).as("tick %d: %s", i, routing).isEqualTo(100);
                assertThat(routing.get(canaryEntry).asInt()).as("tick %d: %s", i, routing).isEqualTo(tick.get("canaryWeight").asInt());
            }
            weights.add(tick.get("canaryWeight").asInt());
        }
        assertThat(weights).containsSubsequence(10, 20, 30, 40, 50, 0);
        Map<String, Integer> steadyStep = Map.of("GET", 0, "POST", 1, "PUT", 1, "PATCH", 1, "DELETE", 0);
        int steps = 0;
        for (int i = 1; i < ticks.size(); i++) {
            int before = ticks.get(i - 1).get("canaryWeight").asInt();
            int after = ticks.get(i).get("canaryWeight").asInt();
            if (before > 0 && after > before) {
                steps++;
                assertThat(verbs(ticks.get(i).get("apiRequests"))).as("weight step to %d: status PUT, Event POST, one PATCH",
                        after).isEqualTo(steadyStep);
            }
        }
        assertThat(steps).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"istio, VirtualService web-primary=90 web-canary=10, VirtualService web-primary=100 web-canary=0",
        "linkerd, TrafficSplit web-canary=10 web-primary=90, TrafficSplit web-canary=0 web-primary=100",
        "knative, traffic latest=10 web-00001=90, traffic latest=0 web-00001=100"})
    void badRollsBackAndTheTickLinesShowTheSplit(String provider, String atTen, String atEnd) {
        Run run = run(provider, "--scenario", "bad");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        List<String> ticks = run.out().lines().filter(l -> l.startsWith("t+")).toList();
        assertThat(ticks).anyMatch(l -> l.contains("weight 10  ") && l.contains(atTen));
        assertThat(ticks.get(ticks.size() - 1)).contains("Failed  weight 0  ").contains(atEnd);
    }

    private static Map<String, Integer> verbs(JsonNode node) {
        Map<String, Integer> verbs = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> verbs.put(e.getKey(), e.getValue().asInt()));
        return verbs;
    }
}
