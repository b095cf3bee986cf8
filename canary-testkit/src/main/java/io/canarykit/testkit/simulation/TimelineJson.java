package io.canarykit.testkit.simulation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarykit.api.spi.CanaryEvent;
import io.canarykit.core.engine.CheckResult;
import io.canarykit.core.engine.WebhookCall;
import java.io.UncheckedIOException;

/**
 * The timeline as the JSON of {@code canary simulate --json} (DESIGN §6, a stable contract):
 * {@code {"canary": "ns/name", "result": "<final phase>", "ticks": [...]}}; each tick object shows
 * the state after that tick. Fields beyond the contract ({@code query} and {@code message} of a
 * check, {@code success} of a webhook call) are additions the contract allows.
 */
public final class TimelineJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TimelineJson() {
    }

    public static String toJson(Timeline timeline) {
        return write(toTree(timeline));
    }

    /** A check object of the DESIGN §6 contract, shared by {@code simulate} and {@code check-metrics}. */
    public static ObjectNode putCheck(ObjectNode c, CheckResult check) {
        c.put("metric", check.metric());
        c.put("value", check.value());
        c.put("min", check.min());
        c.put("max", check.max());
        c.put("verdict", check.verdict().wireName());
        c.put("query", check.query());
        if (!check.message().isEmpty()) {
            c.put("message", check.message());
        }
        return c;
    }

    /** Pretty-printed JSON of {@code tree}. */
    public static String write(ObjectNode tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty object node to build output on. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public static ObjectNode toTree(Timeline timeline) {
        ObjectNode root = JSON.createObjectNode();
        root.put("canary", timeline.name());
        root.put("result", timeline.result().wireName());
        ArrayNode ticks = root.putArray("ticks");
        for (Tick tick : timeline.ticks()) {
            ObjectNode t = ticks.addObject();
            t.put("tick", tick.index());
            t.put("at", tick.at().toString());
            t.put("phase", tick.phase().wireName());
            t.put("canaryWeight", tick.canaryWeight());
            t.put("primaryWeight", tick.primaryWeight());
            t.put("mirrored", tick.mirrored());
            t.put("failedChecks", tick.failedChecks());
            t.put("iterations", tick.iterations());
            ArrayNode checks = t.putArray("checks");
            tick.checks().forEach(check -> putCheck(checks.addObject(), check));
            ArrayNode webhooks = t.putArray("webhooks");
            for (WebhookCall call : tick.webhooks()) {
                ObjectNode w = webhooks.addObject();
                w.put("name", call.name());
                w.put("type", call.type().wireName());
                w.put("status", call.status());
                w.put("success", call.success());
            }
            ArrayNode events = t.putArray("events");
            for (CanaryEvent event : tick.events()) {
                ObjectNode e = events.addObject();
                e.put("type", event.type().wireName());
                e.put("message", event.message());
            }
        }
        return root;
    }
}
