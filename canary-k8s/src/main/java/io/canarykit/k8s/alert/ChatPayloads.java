package io.canarykit.k8s.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.spi.Notification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of Flagger's notifier package ({@code pkg/notifier}), field for field:
 * Slack attachments (also what Discord's {@code /slack} endpoint and Rocket.Chat take), the MS
 * Teams MessageCard and Google Chat cards.
 */
public final class ChatPayloads {

    /** Flagger's logo, as its Google Chat card header shows it. */
    public static final String FLAGGER_ICON = "https://raw.githubusercontent.com/fluxcd/flagger/main/docs/logo/flagger-icon.png";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatPayloads() {
    }

    /** The body for {@code destination}'s service. */
    public static String of(ChatDestination destination, Notification n) {
        Map<String, Object> body = switch (destination.type()) {
            case "msteams" -> msTeams(n);
            case "gchat" -> googleChat(n);
            default -> slack(destination, n);
        };
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the alert payload", e);
        }
    }

    /** {@code <name>.<namespace>}, Flagger's author / subtitle of every alert. */
    static String workload(Notification n) {
        return n.canaryName() + "." + n.namespace();
    }

    /** Slack (and Discord, Rocket.Chat): one attachment, {@code danger} for errors, else {@code good}. */
    static Map<String, Object> slack(ChatDestination destination, Notification n) {
        List<Map<String, Object>> fields = new ArrayList<>();
        n.fields().forEach((title, value) -> fields.add(ordered("title", title, "value", value, "short", false)));
        Map<String, Object> attachment = ordered(
                "color", n.severity() == AlertSeverity.ERROR ? "danger" : "good",
                "author_name", workload(n),
                "text", n.message(),
                "mrkdwn_in", List.of("text"),
                "fields", fields);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("channel", destination.channel());
        body.put("username", destination.username());
        body.put("icon_url", "");
        body.put("icon_emoji", "");
        body.put("attachments", List.of(attachment));
        return body;
    }

    /** MS Teams MessageCard: theme {@code 0076D7}, {@code FF0000} for errors; the fields as facts. */
    static Map<String, Object> msTeams(Notification n) {
        List<Map<String, Object>> facts = new ArrayList<>();
        n.fields().forEach((name, value) -> facts.add(ordered("name", name, "value", value)));
        Map<String, Object> section = ordered("activityTitle", n.message(), "activitySubtitle", workload(n), "facts", facts);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@type", "MessageCard");
        body.put("@context", "http://schema.org/extensions");
        body.put("themeColor", n.severity() == AlertSeverity.ERROR ? "FF0000" : "0076D7");
        body.put("summary", workload(n));
        body.put("sections", List.of(section));
        return body;
    }

    /** Google Chat: one card, header = message and workload, one key/value widget per field. */
    static Map<String, Object> googleChat(Notification n) {
        List<Map<String, Object>> sections = new ArrayList<>();
        n.fields().forEach((label, value) -> sections.add(Map.of("widgets",
                List.of(Map.of("keyValue", ordered("topLabel", label, "content", value, "contentMultiline", true))))));
        Map<String, Object> header = ordered("title", n.message(), "subtitle", workload(n), "imageUrl", FLAGGER_ICON);
        Map<String, Object> card = ordered("header", header, "sections", sections);
        return Map.of("cards", List.of(card));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
