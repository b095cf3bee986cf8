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
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code canary operator-demo --provider linkerd}: the real operator and SMI router on the in-process API, virtual time. */
class OperatorDemoLinkerdTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CanaryDemoCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(Stream.concat(Stream.of("operator-demo", "--provider", "linkerd"), Stream.of(args))
                .toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void goodIsPromotedWithTheWeightsReadBackFromTheTrafficSplit() throws IOException {
        Run run = run("--scenario", "good", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("provider").asText()).isEqualTo("linkerd");
        assertThat(root.get("result").asText()).isEqualTo("Succeeded");
        JsonNode ticks = root.get("ticks");
        List<Integer> weights = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            JsonNode tick = ticks.get(i);
            assertThat(tick.get("trafficSplit")).as("tick %d has the TrafficSplit", i).isNotNull();
            assertThat(tick.get("apiRequests").get("GET").asInt()).as("tick %d reads from the caches", i).isZero();
            if (tick.get("trafficSplit").size() > 0) {
                assertThat(tick.get("trafficSplit").get("web-canary").asInt()).as("tick %d", i)
                        .isEqualTo(tick.get("canaryWeight").asInt());
                assertThat(tick.get("trafficSplit").get("web-primary").asInt()).isEqualTo(100 - tick.get("canaryWeight").asInt());
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
                assertThat(verbs(ticks.get(i).get("apiRequests"))).as("weight step to %d: status PUT, Event POST, one split PATCH",
                        after).isEqualTo(steadyStep);
            }
        }
        assertThat(steps).isEqualTo(4);
    }

    @Test
    void badRollsBackAndShowsTheSplitInTheTickLines() {
        Run run = run("--scenario", "bad");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        List<String> ticks = run.out().lines().filter(l -> l.startsWith("t+")).toList();
        assertThat(ticks).anyMatch(l -> l.contains("weight 10  ") && l.contains("TrafficSplit web-canary=10 web-primary=90"));
        assertThat(ticks.get(ticks.size() - 1)).contains("Failed  weight 0  ").contains("TrafficSplit web-canary=0 web-primary=100");
    }

    private static Map<String, Integer> verbs(JsonNode node) {
        Map<String, Integer> verbs = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> verbs.put(e.getKey(), e.getValue().asInt()));
        return verbs;
    }
}
