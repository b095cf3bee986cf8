package io.canarykit.demo.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.testkit.k8s.RequestCounts;
import io.canarykit.testkit.simulation.Tick;
import io.canarykit.testkit.simulation.Timeline;
import io.canarykit.testkit.simulation.TimelineJson;
import io.canarykit.testkit.simulation.TimelineText;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The demo's two output forms. Text: one line per tick, {@code simulate}'s line plus the routing
 * object's text (the HTTPRoute's backends, the canary Ingress's canary annotations...) and the
 * operator's API requests during the tick, then a summary. JSON: {@code simulate}'s schema, each tick
 * with {@code apiRequests} (every verb, zeros included) and the routing object under its key
 * ({@code httpRoute}: backend name to weight; {@code ingress}: the canary Ingress's
 * {@code nginx.ingress.kubernetes.io/*} annotations as the API server stores them; ...).
 */
final class OperatorDemoOutput {

    private OperatorDemoOutput() {
    }

    static String tickLine(DemoTick tick, int threshold) {
        StringJoiner line = new StringJoiner("  ");
        line.add(TimelineText.line(tick.tick(), threshold));
        if (!tick.routing().text().isEmpty()) {
            line.add(tick.routing().text());
        }
        line.add("API " + verbs(tick.requests()));
        return line.toString();
    }

    /** {@code GET 0 POST 1 PUT 1 PATCH 1 DELETE 0}. */
    static String verbs(RequestCounts counts) {
        StringJoiner text = new StringJoiner(" ");
        DemoTick.VERBS.forEach(v -> text.add(v + " " + counts.count(v)));
        return text.toString();
    }

    /** The closing lines: the result and the API requests per kind of tick. */
    static List<String> summary(OperatorDemoResult result) {
        Timeline timeline = result.timeline();
        List<String> lines = new ArrayList<>();
        lines.add("result " + timeline.result().wireName() + " after " + timeline.ticks().size() + " ticks ("
                + TimelineText.offset(timeline.duration()) + " of virtual time)");
        RequestCounts all = new RequestCounts(result.ticks().stream().flatMap(t -> t.requests().requests().stream()).toList());
        lines.add("API requests the operator sent: " + result.startup().total() + " at startup (informer LISTs), "
                + all.total() + " in " + result.ticks().size() + " ticks (" + verbs(all) + ")");
        kind(lines, "idle ticks", steady(result).stream().filter(t -> t.requests().writes() == 0).toList());
        kind(lines, result.provider().shiftsWeights() ? "weight steps" : "iteration steps", steps(result));
        lines.add("Flagger v1.44 for comparison: 10+ GETs per idle tick, 14+ per weight step (it reads every object from the API server)");
        return lines;
    }

    private static void kind(List<String> lines, String name, List<DemoTick> ticks) {
        if (ticks.isEmpty()) {
            return;
        }
        StringJoiner per = new StringJoiner(" ");
        for (String verb : DemoTick.VERBS) {
            int min = ticks.stream().mapToInt(t -> t.requests().count(verb)).min().orElse(0);
            int max = ticks.stream().mapToInt(t -> t.requests().count(verb)).max().orElse(0);
            per.add(verb + " " + (min == max ? String.valueOf(min) : min + "-" + max));
        }
        lines.add("  " + name + " (" + ticks.size() + "): " + per);
    }

    /** Ticks after the first (which creates the primary and the Services) in a phase that ticks on: no phase change. */
    private static List<DemoTick> steady(OperatorDemoResult result) {
        List<DemoTick> steady = new ArrayList<>();
        List<DemoTick> ticks = result.ticks();
        for (int i = 1; i < ticks.size(); i++) {
            if (ticks.get(i).tick().phase() == ticks.get(i - 1).tick().phase()) {
                steady.add(ticks.get(i));
            }
        }
        return steady;
    }

    /**
     * Steady Progressing ticks that moved the analysis one step on: a higher canary weight on the
     * route (Gateway API) or canary Ingress (nginx), or one more blue/green iteration (kubernetes).
     */
    static List<DemoTick> steps(OperatorDemoResult result) {
        List<DemoTick> steps = new ArrayList<>();
        List<DemoTick> ticks = result.ticks();
        for (int i = 1; i < ticks.size(); i++) {
            Tick before = ticks.get(i - 1).tick();
            Tick after = ticks.get(i).tick();
            boolean moved = result.provider().shiftsWeights()
                    ? after.canaryWeight() > before.canaryWeight()
                    : after.iterations() > before.iterations();
            if (before.phase() == CanaryPhase.PROGRESSING && after.phase() == CanaryPhase.PROGRESSING && moved) {
                steps.add(ticks.get(i));
            }
        }
        return steps;
    }

    static String json(OperatorDemoResult result) {
        ObjectNode root = TimelineJson.toTree(result.timeline());
        root.put("provider", result.provider().id());
        root.put("scenario", result.scenario().id());
        putVerbs(root.putObject("apiRequestsAtStartup"), result.startup());
        JsonNode ticks = root.get("ticks");
        for (int i = 0; i < ticks.size(); i++) {
            ObjectNode node = (ObjectNode) ticks.get(i);
            DemoTick tick = result.ticks().get(i);
            putVerbs(node.putObject("apiRequests"), tick.requests());
            RoutingView routing = tick.routing();
            if (!routing.jsonKey().isEmpty()) {
                ObjectNode object = node.putObject(routing.jsonKey());
                routing.json().forEach((k, v) -> {
                    if (v instanceof Integer weight) {
                        object.put(k, weight);
                    } else {
                        object.put(k, String.valueOf(v));
                    }
                });
            }
        }
        return TimelineJson.write(root);
    }

    private static void putVerbs(ObjectNode node, RequestCounts counts) {
        DemoTick.VERBS.forEach(v -> node.put(v, counts.count(v)));
    }
}
