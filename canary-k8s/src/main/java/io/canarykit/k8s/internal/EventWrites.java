package io.canarykit.k8s.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes core/v1 Events through the client's own HTTP client (its authentication, retries and
 * request counting) and reads back the status code alone. fabric8's typed {@code create()} builds an
 * Event bean, serialises it through its bean serialiser and decodes the server's answer into another
 * Event on every analysis tick; nothing uses that answer.
 */
public final class EventWrites {

    /** What the server answered: its HTTP status, 0 when there was no answer, and why. */
    public record Answer(int code, String reason) {

        public boolean written() {
            return code >= 200 && code < 300;
        }
    }

    /** An Event about a Canary; {@code uid} and {@code resourceVersion} are left out when empty. */
    public record NewEvent(String namespace, String name, String involvedApiVersion, String involvedKind, String involvedName,
            String involvedUid, String involvedResourceVersion, String type, String reason, String message, String component,
            String timestamp) {
    }

    private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();
    /** fabric8's default request timeout, for a client configured with none. */
    private static final long UNSET_TIMEOUT_MILLIS = 10_000;

    private final KubernetesClient client;

    public EventWrites(KubernetesClient client) {
        this.client = client;
    }

    public Answer create(NewEvent event) {
        StringBuilder json = new StringBuilder(640).append("{\"apiVersion\":\"v1\",\"kind\":\"Event\",\"metadata\":{");
        field(json, "name", event.name()).append(',');
        field(json, "namespace", event.namespace()).append("},\"involvedObject\":{");
        field(json, "apiVersion", event.involvedApiVersion()).append(',');
        field(json, "kind", event.involvedKind()).append(',');
        field(json, "name", event.involvedName()).append(',');
        field(json, "namespace", event.namespace());
        if (!event.involvedUid().isEmpty()) {
            field(json.append(','), "uid", event.involvedUid());
        }
        if (!event.involvedResourceVersion().isEmpty()) {
            field(json.append(','), "resourceVersion", event.involvedResourceVersion());
        }
        json.append("},");
        field(json, "reason", event.reason()).append(',');
        field(json, "message", event.message()).append(',');
        field(json, "type", event.type()).append(",\"source\":{");
        field(json, "component", event.component()).append("},");
        field(json, "firstTimestamp", event.timestamp()).append(',');
        field(json, "lastTimestamp", event.timestamp()).append(",\"count\":1}");
        return send(client.getHttpClient().newHttpRequestBuilder().uri(eventsOf(event.namespace()))
                .post("application/json", json.toString()));
    }

    /** Raises the count of Event {@code name} to {@code count} and its last timestamp to {@code timestamp}. */
    public Answer bump(String namespace, String name, int count, String timestamp) {
        StringBuilder patch = new StringBuilder(160).append("[{\"op\":\"replace\",\"path\":\"/count\",\"value\":").append(count)
                .append("},{\"op\":\"replace\",\"path\":\"/lastTimestamp\",\"value\":\"");
        JSON.quoteAsString(timestamp, patch);
        patch.append("\"}]");
        return send(client.getHttpClient().newHttpRequestBuilder()
                .uri(eventsOf(namespace) + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8))
                .method("PATCH", "application/json-patch+json", patch.toString()));
    }

    private String eventsOf(String namespace) {
        String master = client.getMasterUrl().toString();
        return master + (master.endsWith("/") ? "" : "/") + "api/v1/namespaces/" + URLEncoder.encode(namespace, StandardCharsets.UTF_8)
                + "/events";
    }

    private Answer send(HttpRequest.Builder request) {
        // fabric8's request timeout, as its typed calls use it; 0 there means none, which a tick cannot afford.
        long configured = client.getConfiguration().getRequestTimeout();
        long timeoutMillis = configured > 0 ? configured : UNSET_TIMEOUT_MILLIS;
        HttpClient http = client.getHttpClient();
        try {
            // The request's own timeout ends the exchange; the wait's bound only guards against a future never completed.
            var answer = http.sendAsync(request.timeout(timeoutMillis, TimeUnit.MILLISECONDS).build(), String.class)
                    .get(timeoutMillis + 5_000, TimeUnit.MILLISECONDS);
            return new Answer(answer.code(), answer.code() < 300 ? "" : String.valueOf(answer.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        } catch (ExecutionException e) {
            return new Answer(0, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            return new Answer(0, "no answer within " + (timeoutMillis + 5_000) + " ms");
        }
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":\"");
        JSON.quoteAsString(value, json);
        return json.append('"');
    }
}
