package io.canarykit.cli.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricCheckStatus;
import io.fabric8.kubernetes.api.model.Event;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code canary get --json} and {@code -o yaml}: the state {@link CanaryView} shows, as data
 * (documented in docs/json-schema.md). One canary is an object; a list is {@code {"canaries": [...]}}.
 */
public final class CanaryJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private CanaryJson() {
    }

    public static ObjectNode one(Canary c, List<Event> events, Instant now) {
        ObjectNode node = summary(c, now);
        ArrayNode list = node.putArray("events");
        for (Event e : events) {
            ObjectNode event = list.addObject();
            event.put("type", e.getType());
            event.put("reason", e.getReason());
            event.put("message", e.getMessage());
            event.put("count", e.getCount() == null ? 1 : e.getCount());
            event.put("lastSeen", ClusterCanaries.lastSeen(e).toString());
        }
        return node;
    }

    public static ObjectNode all(List<Canary> canaries, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("canaries");
        canaries.forEach(c -> list.add(summary(c, now)));
        return root;
    }

    public static String write(ObjectNode node, boolean yaml) {
        try {
            return yaml ? YAML.writeValueAsString(node).stripTrailing() : JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One canary without its events: an element of {@link #all}. */
    public static ObjectNode summary(Canary c, Instant now) {
        CanaryStatus s = c.status();
        ObjectNode node = JSON.createObjectNode();
        node.put("namespace", c.namespace());
        node.put("name", c.name());
        node.put("phase", Optional.ofNullable(s.phase()).map(CanaryPhase::wireName).orElse(null));
        node.put("suspended", Boolean.TRUE.equals(c.spec().suspend()));
        node.put("canaryWeight", s.canaryWeight());
        node.put("maxWeight", c.analysis().maxWeightOrDefault());
        node.put("failedChecks", s.failedChecks());
        node.put("threshold", c.analysis().thresholdOrDefault());
        node.put("iterations", s.iterations());
        node.put("lastTransitionTime", text(s.lastTransitionTime()));
        Instant last = Optional.ofNullable(s.lastAnalysisAt()).orElse(s.lastTransitionTime());
        if (last == null || s.phase() == null || s.phase().isFinal() || Boolean.TRUE.equals(c.spec().suspend())) {
            node.putNull("nextTickInSeconds");
        } else {
            node.put("nextTickInSeconds", Math.max(0, Duration.between(now, last.plus(c.analysis().intervalOrDefault())).toSeconds()));
        }
        node.put("lastCommandId", s.lastCommandId());
        ArrayNode checks = node.putArray("checks");
        for (MetricCheckStatus check : s.lastChecks()) {
            ObjectNode o = checks.addObject();
            o.put("name", check.name());
            o.put("verdict", check.verdict());
            o.put("value", check.value());
            o.put("min", check.min());
            o.put("max", check.max());
            o.put("checkedAt", text(check.checkedAt()));
        }
        return node;
    }

    private static @Nullable String text(@Nullable Instant time) {
        return time == null ? null : time.toString();
    }
}
