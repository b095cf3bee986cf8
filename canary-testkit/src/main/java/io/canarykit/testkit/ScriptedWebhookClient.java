package io.canarykit.testkit;

import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.WebhookClient;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A webhook client that answers from scripts by hook name: HTTP statuses of consecutive calls, the
 * last repeating. A hook without a script answers 200, except a {@code rollback} hook: it answers
 * 404, as a real rollback gate does until someone presses it (a 200 would roll every release back).
 * Records every call with its payload.
 */
public final class ScriptedWebhookClient implements WebhookClient {

    private final Map<String, Script<Integer>> scripts = new ConcurrentHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    public ScriptedWebhookClient respond(String hookName, Integer... statuses) {
        scripts.put(hookName, new Script<>(Arrays.asList(statuses)));
        return this;
    }

    @Override
    public synchronized WebhookResult call(CanaryWebhook hook, WebhookPayload payload) {
        calls.add(new Call(hook.name(), payload));
        Script<Integer> script = scripts.get(hook.name());
        int status = script != null ? script.next() : hook.is(WebhookType.ROLLBACK) ? 404 : 200;
        return new WebhookResult.Answered(status, status >= 200 && status <= 202 ? "" : "scripted status " + status);
    }

    /** Every call, in order. */
    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How often the hook named {@code hookName} was called. */
    public synchronized long callsOf(String hookName) {
        return calls.stream().filter(c -> c.hook().equals(hookName)).count();
    }

    /** One recorded call. */
    public record Call(String hook, WebhookPayload payload) {
    }
}
