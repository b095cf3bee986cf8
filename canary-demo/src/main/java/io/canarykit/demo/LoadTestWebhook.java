package io.canarykit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.canarykit.api.spi.WebhookPayload;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's Flagger loadtester: a webhook endpoint on 127.0.0.1 that receives Flagger's payload
 * ({@code {name, namespace, phase, checksum, metadata}}) and runs the {@code hey} command of its
 * {@code metadata.cmd} with the {@link LoadGenerator}.
 *
 * <p>It answers when the run is over (the loadtester's blocking mode), not when it starts: the
 * engine evaluates the metrics right after the rollout hooks of the same tick, so an immediate
 * answer would leave the first check of every weight without traffic at that weight. Runs never
 * overlap; each is bounded in count and time by its command (and {@link HeyCommand}'s caps).
 */
public final class LoadTestWebhook implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadTestWebhook.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoadGenerator generator;
    private final Loopback.Server server;
    private final List<WebhookPayload> received = new ArrayList<>();
    private final List<LoadRun> runs = new ArrayList<>();

    public LoadTestWebhook(LoadGenerator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
        this.server = Loopback.start("loadtester", 2, http -> http.createContext("/", this::handle));
    }

    public URI uri() {
        return server.uri();
    }

    /** The payloads received, in order. */
    public synchronized List<WebhookPayload> received() {
        return List.copyOf(received);
    }

    /** The load runs completed, in order. */
    public synchronized List<LoadRun> runs() {
        return List.copyOf(runs);
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            InProcessDeployment.respond(exchange, 405, "POST a Flagger webhook payload\n", "text/plain; charset=utf-8");
            return;
        }
        WebhookPayload payload;
        HeyCommand command;
        try (InputStream body = exchange.getRequestBody()) {
            payload = parse(JSON.readTree(body));
            command = HeyCommand.parse(payload.metadata().getOrDefault("cmd", ""));
        } catch (IOException | IllegalArgumentException e) {
            InProcessDeployment.respond(exchange, 400, "bad request: " + e.getMessage() + "\n", "text/plain; charset=utf-8");
            return;
        }
        LoadRun run;
        synchronized (this) {
            received.add(payload);
            try {
                run = generator.run(command);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InProcessDeployment.respond(exchange, 503, "load test interrupted\n", "text/plain; charset=utf-8");
                return;
            }
            runs.add(run);
        }
        LOG.debug("load test for {}.{}: {}", payload.name(), payload.namespace(), run);
        InProcessDeployment.respond(exchange, 200, "ran " + run.sent() + " requests in " + run.elapsed().toMillis() + "ms\n",
                "text/plain; charset=utf-8");
    }

    private static WebhookPayload parse(JsonNode node) throws IOException {
        if (!node.isObject() || !node.path("name").isTextual() || !node.path("namespace").isTextual()) {
            throw new IOException("not a Flagger webhook payload");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        node.path("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return new WebhookPayload(node.path("name").asText(), node.path("namespace").asText(), node.path("phase").asText(),
                node.path("checksum").asText(), metadata);
    }

    @Override
    public void close() {
        server.close();
    }
}
