package io.canarykit.cli.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The pages listening on {@code /api/events}: each gets every change as a server-sent event. A
 * comment line goes out when nothing happened for a while, so a proxy or the browser does not
 * take the quiet stream for a dead one, and a closed tab is noticed (its write fails) and dropped.
 */
final class EventHub {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final String END = "";

    private final Set<BlockingQueue<String>> listeners = ConcurrentHashMap.newKeySet();

    /** Sends {@code data} (one line of JSON) as an event named {@code event} to every page listening. */
    void publish(String event, String data) {
        String message = "event: " + event + "\ndata: " + data + "\n\n";
        listeners.forEach(l -> l.add(message));
    }

    /** Serves one page's stream until the page goes away or the hub closes; blocks its handler thread. */
    void serve(HttpExchange exchange) throws IOException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        listeners.add(queue);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            // The browser reconnects 2 s after the stream drops; the page polls meanwhile.
            write(body, "retry: 2000\n: connected\n\n");
            while (true) {
                String message = queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
                if (END.equals(message)) {
                    return;
                }
                write(body, message == null ? ": keep-alive\n\n" : message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The page was closed: nothing to tell anyone.
        } finally {
            listeners.remove(queue);
        }
    }

    /** Ends every stream (the server is stopping). */
    void close() {
        listeners.forEach(l -> l.add(END));
    }

    private static void write(OutputStream body, String text) throws IOException {
        body.write(text.getBytes(StandardCharsets.UTF_8));
        body.flush();
    }
}
