package io.canarykit.k8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.okhttp.OkHttpClientFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * Faults between a client and the API server, injected by an OkHttp interceptor on a client built
 * for the test: a rule matches requests by verb and path and answers the next {@code n} of them
 * with an HTTP error (with headers such as {@code Retry-After}), or lets them through and then
 * loses the answer (the write happened, the client sees a 500). Open watches can be cut. Every
 * request is journaled with the virtual and the real time, its body and what it was answered.
 */
final class FaultInjector implements Interceptor {

    private static final MediaType JSON = MediaType.get("application/json");

    private final Clock clock;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Exchange> journal = new CopyOnWriteArrayList<>();
    private final List<Call> watches = new CopyOnWriteArrayList<>();

    FaultInjector(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One request: what the server answered ({@code 0} when a rule kept it from the server) and
     * what the client was answered.
     */
    record Exchange(Instant at, long nanos, String method, String path, String body, int serverCode, int clientCode) {

        /** The server carried it out (whatever the client was told). */
        boolean applied() {
            return serverCode >= 200 && serverCode < 300;
        }

        boolean injected() {
            return serverCode != clientCode;
        }

        boolean isWatch() {
            return path.contains("watch=true");
        }

        String resourcePath() {
            int query = path.indexOf('?');
            return query < 0 ? path : path.substring(0, query);
        }
    }

    /** What a rule does to a matching request. */
    enum Action { ANSWER, LOSE_ANSWER }

    private static final class Rule {
        final String method;
        final Predicate<String> path;
        final Action action;
        final int code;
        final Map<String, String> headers;
        final Predicate<Exchange> trigger;
        volatile boolean armed;
        int remaining;

        Rule(Predicate<Exchange> trigger, String method, Predicate<String> path, Action action, int code, Map<String, String> headers,
                int times) {
            this.trigger = trigger;
            this.method = method;
            this.path = path;
            this.action = action;
            this.code = code;
            this.headers = Map.copyOf(headers);
            this.remaining = times;
        }

        synchronized boolean take(Request request) {
            if (!armed || remaining <= 0 || !request.method().equals(method) || !path.test(pathOf(request))) {
                return false;
            }
            remaining--;
            return true;
        }
    }

    /** Answers the next {@code times} {@code method} requests whose path (with query) matches with {@code code}. */
    FaultInjector answer(String method, Predicate<String> path, int code, Map<String, String> headers, int times) {
        return add(new Rule(e -> true, method, path, Action.ANSWER, code, headers, times));
    }

    /** As {@link #answer}, armed once a request matching {@code trigger} has been answered. */
    FaultInjector answerAfter(Predicate<Exchange> trigger, String method, Predicate<String> path, int code,
            Map<String, String> headers, int times) {
        return add(new Rule(trigger, method, path, Action.ANSWER, code, headers, times));
    }

    /**
     * Lets the next {@code times} matching requests (once {@code trigger} was seen) reach the
     * server, then answers the client {@code code} instead: the write happened, the client cannot know.
     */
    FaultInjector loseAnswerAfter(Predicate<Exchange> trigger, String method, Predicate<String> path, int code, int times) {
        return add(new Rule(trigger, method, path, Action.LOSE_ANSWER, code, Map.of(), times));
    }

    private FaultInjector add(Rule rule) {
        rule.armed = journal.stream().anyMatch(rule.trigger);
        rules.add(rule);
        return this;
    }

    /** Faults still waiting for their requests. */
    int pendingFaults() {
        return rules.stream().mapToInt(r -> r.remaining).sum();
    }

    /** Cuts every open watch (a dropped connection, a restarted API server); returns how many. */
    int disconnectWatches() {
        List<Call> open = new ArrayList<>(watches);
        watches.removeAll(open);
        open.forEach(Call::cancel);
        return open.size();
    }

    /** Every request so far, in the order they were sent. */
    List<Exchange> journal() {
        return List.copyOf(journal);
    }

    void clearJournal() {
        journal.clear();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String body = bodyOf(request);
        Rule rule = rules.stream().filter(r -> r.take(request)).findFirst().orElse(null);
        if (rule != null && rule.action == Action.ANSWER) {
            record(request, body, 0, rule.code);
            return synthetic(request, rule.code, rule.headers);
        }
        if (pathOf(request).contains("watch=true")) {
            watches.add(chain.call());
        }
        Response response = chain.proceed(request);
        if (rule != null) {
            record(request, body, response.code(), rule.code);
            response.close();
            return synthetic(request, rule.code, rule.headers);
        }
        record(request, body, response.code(), response.code());
        return response;
    }

    private void record(Request request, String body, int serverCode, int clientCode) {
        Exchange exchange = new Exchange(clock.instant(), System.nanoTime(), request.method(), pathOf(request), body, serverCode,
                clientCode);
        journal.add(exchange);
        rules.stream().filter(r -> !r.armed && r.trigger.test(exchange)).forEach(r -> r.armed = true);
    }

    private static Response synthetic(Request request, int code, Map<String, String> headers) {
        // As the API server does, a Retry-After is also in the Status details.
        String details = headers.containsKey("Retry-After") ? ",\"details\":{\"retryAfterSeconds\":" + headers.get("Retry-After") + "}"
                : "";
        String status = """
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"injected fault %d","code":%d%s}"""
                .formatted(code, code, details);
        Response.Builder b = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(code)
                .message("injected " + code).body(ResponseBody.create(status, JSON));
        headers.forEach(b::header);
        return b.build();
    }

    private static String pathOf(Request request) {
        String query = request.url().encodedQuery();
        return request.url().encodedPath() + (query == null ? "" : "?" + query);
    }

    private static String bodyOf(Request request) throws IOException {
        if (request.body() == null) {
            return "";
        }
        Buffer buffer = new Buffer();
        request.body().writeTo(buffer);
        return buffer.readUtf8();
    }

    /**
     * A client of the same server as {@code base} whose every request passes through this injector;
     * a failed watch is re-opened after {@code watchReconnect}, doubling.
     */
    KubernetesClient clientLike(KubernetesClient base, java.time.Duration watchReconnect) {
        OkHttpClientFactory http = new OkHttpClientFactory() {
            @Override
            protected void additionalConfig(OkHttpClient.Builder builder) {
                builder.addInterceptor(FaultInjector.this);
            }
        };
        io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(base.getConfiguration())
                .withWatchReconnectInterval((int) watchReconnect.toMillis()).build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(http).build();
    }
}
