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

/** {@code canary operator-demo --provider nginx}: the real operator and nginx router on the in-process API, virtual time. */
class OperatorDemoNginxTest {

    private static final String CANARY = "nginx.ingress.kubernetes.io/canary";
    private static final String WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CanaryDemoCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(Stream.concat(Stream.of("operator-demo", "--provider", "nginx"), Stream.of(args))
                .toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void goodIsPromotedWithTheWeightsReadBackFromTheCanaryIngressAnnotations() throws IOException {
        Run run = run("--scenario", "good", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("provider").asText()).isEqualTo("nginx");
        assertThat(root.get("result").asText()).isEqualTo("Succeeded");
        JsonNode ticks = root.get("ticks");
        List<Integer> weights = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            JsonNode tick = ticks.get(i);
            JsonNode ingress = tick.get("ingress");
            assertThat(ingress).as("tick %d has the canary Ingress's annotations", i).isNotNull();
            assertThat(tick.get("apiRequests").get("GET").asInt()).as("tick %d reads from the caches", i).isZero();
            if (i > 0) {
                assertThat(ingress.get(CANARY).asText()).isEqualTo("true");
                assertThat(ingress.get(WEIGHT).asInt()).as("tick %d", i).isEqualTo(tick.get("canaryWeight").asInt());
                assertThat(ingress.get("nginx.ingress.kubernetes.io/proxy-body-size").asText()).as("copied").isEqualTo("8m");
            }
            weights.add(tick.get("canaryWeight").asInt());
        }
        assertThat(weights).containsExactly(0, 0, 0, 0, 10, 20, 30, 40, 50, 50, 0, 0);
        assertThat(phases(ticks)).containsExactly("Initializing", "Initialized", "Initialized", "Progressing", "Progressing",
                "Progressing", "Progressing", "Progressing", "Progressing", "Promoting", "Finalising", "Succeeded");
        Map<String, Integer> steadyStep = Map.of("GET", 0, "POST", 1, "PUT", 1, "PATCH", 1, "DELETE", 0);
        for (int i = 5; i <= 8; i++) {
            assertThat(verbs(ticks.get(i).get("apiRequests"))).as("weight step to %d: status PUT, Event POST, one Ingress PATCH",
                    weights.get(i)).isEqualTo(steadyStep);
        }
        assertThat(verbs(ticks.get(2).get("apiRequests"))).as("the idle tick")
                .isEqualTo(Map.of("GET", 0, "POST", 0, "PUT", 0, "PATCH", 0, "DELETE", 0));
    }

    @Test
    void badRollsBackToWeightZeroOnTheCanaryIngressAndExitsOne() {
        Run run = run("--scenario", "bad");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        List<String> ticks = run.out().lines().filter(l -> l.startsWith("t+")).toList();
        assertThat(ticks).noneMatch(l -> l.contains("Promoting"));
        assertThat(ticks).filteredOn(l -> l.contains("error-rate 20 > 1 ✗")).hasSize(3);
        assertThat(ticks).anyMatch(l -> l.contains("Progressing  weight 10  ") && l.contains("Ingress canary=true canary-weight=10"));
        assertThat(ticks.get(ticks.size() - 1)).contains("Failed  weight 0  ").contains("Ingress canary=true canary-weight=0");
        assertThat(run.out().lines()).anyMatch(l -> l.startsWith("result Failed after "))
                .anyMatch(l -> l.startsWith("  weight steps ("));
    }

    private static List<String> phases(JsonNode ticks) {
        List<String> phases = new ArrayList<>();
        ticks.forEach(t -> phases.add(t.get("phase").asText()));
        return phases;
    }

    private static Map<String, Integer> verbs(JsonNode node) {
        Map<String, Integer> verbs = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> verbs.put(e.getKey(), e.getValue().asInt()));
        return verbs;
    }
}
