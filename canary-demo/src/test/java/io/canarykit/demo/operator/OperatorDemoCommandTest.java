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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code canary operator-demo} end to end: the real operator on the in-process API, virtual time. */
class OperatorDemoCommandTest {

    private static final Set<String> TICK_FIELDS = Set.of("tick", "at", "phase", "canaryWeight", "primaryWeight", "mirrored",
            "failedChecks", "iterations", "checks", "webhooks", "events", "apiRequests");
    private static final Pattern WEIGHT = Pattern.compile("  weight (\\d+)");
    private static final Pattern ROUTE = Pattern.compile("HTTPRoute web-primary=(\\d+) web-canary=(\\d+)");
    private static final String STEADY_STEP = "API GET 0 POST 1 PUT 1 PATCH 1 DELETE 0";

    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        List<String> tickLines() {
            return out.lines().filter(l -> l.startsWith("t+")).toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CanaryDemoCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(Stream.concat(Stream.of("operator-demo"), Stream.of(args)).toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void gatewayApiGoodIsPromotedWithTheWeightsReadFromTheHttpRoute() {
        Run run = run("--provider", "gatewayapi", "--scenario", "good");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<Integer> routeCanaryWeights = new ArrayList<>();
        for (String line : run.tickLines()) {
            Matcher route = ROUTE.matcher(line);
            if (!route.find()) {
                assertThat(line).as("only the first tick, before the router created the route, shows none").startsWith("t+0s  ");
                continue;
            }
            Matcher weight = WEIGHT.matcher(line);
            assertThat(weight.find()).isTrue();
            assertThat(weight.group(1)).as("the timeline's weight is the route's: %s", line).isEqualTo(route.group(2));
            assertThat(Integer.parseInt(route.group(1)) + Integer.parseInt(route.group(2))).isEqualTo(100);
            routeCanaryWeights.add(Integer.parseInt(route.group(2)));
        }
        assertThat(routeCanaryWeights.stream().distinct().toList()).containsExactly(0, 10, 20, 30, 40, 50);
        assertThat(run.tickLines()).anySatisfy(l -> assertThat(l).startsWith("t+20s  Initialized  weight 0  ")
                .endsWith("HTTPRoute web-primary=100 web-canary=0  API GET 0 POST 0 PUT 0 PATCH 0 DELETE 0"));
        // A steady weight step: one status PUT, one route PATCH, one Event, and no GET (informer caches).
        for (int weight = 20; weight <= 50; weight += 10) {
            String step = "Progressing  weight " + weight + "  ";
            assertThat(run.tickLines()).filteredOn(l -> l.contains(step)).singleElement().asString().endsWith(STEADY_STEP);
        }
        assertThat(run.tickLines().get(run.tickLines().size() - 1)).contains("Succeeded  weight 0  ")
                .contains("HTTPRoute web-primary=100 web-canary=0");
        assertThat(run.lines()).contains("result Succeeded after 12 ticks (t+1m50s of virtual time)",
                "  idle ticks (1): GET 0 POST 0 PUT 0 PATCH 0 DELETE 0");
        assertThat(run.out()).doesNotContain("GET 1", "GET 2");
    }

    @Test
    void gatewayApiBadRollsBackAfterThreeFailedChecksAndExitsOne() {
        Run run = run("--provider", "gatewayapi", "--scenario", "bad");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        List<String> ticks = run.tickLines();
        assertThat(ticks).noneMatch(l -> l.contains("Promoting"));
        assertThat(ticks).anyMatch(l -> l.contains("Progressing  weight 20  error-rate") || l.contains("weight 20  request-duration"));
        assertThat(ticks).filteredOn(l -> l.contains("error-rate 20 > 1 ✗")).hasSize(3);
        assertThat(ticks).anyMatch(l -> l.contains("failed checks 1/3")).anyMatch(l -> l.contains("failed checks 2/3"));
        String last = ticks.get(ticks.size() - 1);
        assertThat(last).contains("Failed  weight 0  ").contains("HTTPRoute web-primary=100 web-canary=0");
        assertThat(run.lines()).anyMatch(l -> l.startsWith("result Failed after "));
    }

    @Test
    void kubernetesProviderIsPromotedThroughBlueGreenIterationsAsJson() throws IOException {
        Run run = run("--provider", "kubernetes", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("canary").asText()).isEqualTo("prod/web");
        assertThat(root.get("provider").asText()).isEqualTo("kubernetes");
        assertThat(root.get("result").asText()).isEqualTo("Succeeded");
        for (JsonNode tick : root.get("ticks")) {
            assertThat(tick.has("httpRoute")).as("no route with the kubernetes provider").isFalse();
            // NopRouter semantics: the canary Service takes the analysis traffic once an iteration started.
            int expected = tick.get("iterations").asInt() > 0 ? 100 : 0;
            assertThat(tick.get("canaryWeight").asInt()).as("tick %s", tick.get("tick")).isEqualTo(expected);
            assertThat(tick.get("primaryWeight").asInt()).isEqualTo(100 - expected);
            assertThat(tick.get("apiRequests").get("GET").asInt()).as("tick %s", tick.get("tick")).isZero();
        }
        assertThat(phases(root)).containsSubsequence("Initializing", "Initialized", "Progressing", "Promoting", "Finalising",
                "Succeeded");
        // Flagger's default of 10 iterations, then one more: the tick that routes all traffic to the canary.
        assertThat(max(root, "iterations")).isEqualTo(11);
    }

    @Test
    void jsonFollowsTheSimulateSchemaWithApiRequestsPerTick() throws IOException {
        Run run = run("--provider", "gatewayapi", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("canary").asText()).isEqualTo("prod/web");
        assertThat(root.get("result").asText()).isEqualTo("Succeeded");
        JsonNode ticks = root.get("ticks");
        assertThat(ticks).hasSize(12);
        List<Integer> canaryWeights = new ArrayList<>();
        for (int i = 0; i < ticks.size(); i++) {
            JsonNode tick = ticks.get(i);
            List<String> fields = new ArrayList<>();
            tick.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsAll(TICK_FIELDS);
            assertThat(tick.get("tick").asInt()).isEqualTo(i);
            assertThat(tick.get("at").asText()).isEqualTo("PT" + (i == 0 ? "0S" : durationText(i * 10)));
            assertThat(verbs(tick.get("apiRequests"))).containsOnlyKeys("GET", "POST", "PUT", "PATCH", "DELETE");
            assertThat(tick.get("apiRequests").get("GET").asInt()).as("tick %d reads from the caches", i).isZero();
            JsonNode route = tick.get("httpRoute");
            if (i > 0) {
                assertThat(tick.get("canaryWeight").asInt()).isEqualTo(route.get("web-canary").asInt());
                assertThat(tick.get("primaryWeight").asInt()).isEqualTo(route.get("web-primary").asInt());
            }
            canaryWeights.add(tick.get("canaryWeight").asInt());
            for (JsonNode check : tick.get("checks")) {
                assertThat(check.get("verdict").asText()).isEqualTo("pass");
            }
        }
        assertThat(canaryWeights).containsExactly(0, 0, 0, 0, 10, 20, 30, 40, 50, 50, 0, 0);
        assertThat(phases(root)).containsExactly("Initializing", "Initialized", "Initialized", "Progressing", "Progressing",
                "Progressing", "Progressing", "Progressing", "Progressing", "Promoting", "Finalising", "Succeeded");
        Map<String, Integer> steadyStep = Map.of("GET", 0, "POST", 1, "PUT", 1, "PATCH", 1, "DELETE", 0);
        for (int i = 5; i <= 8; i++) {
            assertThat(verbs(ticks.get(i).get("apiRequests"))).as("weight step to %d", canaryWeights.get(i)).isEqualTo(steadyStep);
        }
        assertThat(verbs(ticks.get(2).get("apiRequests"))).as("the idle tick")
                .isEqualTo(Map.of("GET", 0, "POST", 0, "PUT", 0, "PATCH", 0, "DELETE", 0));
        JsonNode hook = ticks.get(5).get("webhooks").get(0);
        assertThat(hook.get("name").asText()).as("the load tester, played by the demo").isEqualTo("load-test");
        assertThat(hook.get("status").asInt()).isEqualTo(200);
    }

    @Test
    void unknownProviderOrScenarioIsAUsageError() {
        Run provider = run("--provider", "traefik");
        assertThat(provider.exitCode()).isEqualTo(2);
        assertThat(provider.err()).contains("--provider must be one of [kubernetes, gatewayapi, nginx, istio, linkerd, knative], got traefik");

        Run scenario = run("--scenario", "ugly");
        assertThat(scenario.exitCode()).isEqualTo(2);
        assertThat(scenario.err()).contains("--scenario must be good or bad, got ugly");

        assertThat(run("--interval", "1s").exitCode()).isEqualTo(2);
    }

    private static String durationText(int seconds) {
        return (seconds >= 60 ? seconds / 60 + "M" : "") + (seconds % 60 > 0 ? seconds % 60 + "S" : "");
    }

    private static List<String> phases(JsonNode root) {
        List<String> phases = new ArrayList<>();
        root.get("ticks").forEach(t -> phases.add(t.get("phase").asText()));
        return phases;
    }

    private static int max(JsonNode root, String field) {
        int max = 0;
        for (JsonNode t : root.get("ticks")) {
            max = Math.max(max, t.get(field).asInt());
        }
        return max;
    }

    private static Map<String, Integer> verbs(JsonNode node) {
        Map<String, Integer> verbs = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            assertThat(e.getValue().isInt()).as(e.getKey()).isTrue();
            verbs.put(e.getKey(), e.getValue().asInt());
        });
        return verbs;
    }
}
