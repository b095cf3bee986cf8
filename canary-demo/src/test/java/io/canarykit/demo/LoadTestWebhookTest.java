package io.canarykit.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.WebhookPayload;
import io.canarykit.api.spi.WebhookResult;
import io.canarykit.core.webhook.JdkWebhookClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadTestWebhookTest {

    private final RequestLog log = new RequestLog();
    private final InProcessDeployment v1 = new InProcessDeployment("prod", "web-primary-a-b", Release.healthy("v1"));
    private final InProcessDeployment v2 = new InProcessDeployment("prod", "web-c-d", Release.failingOneInFive("v2"));
    private final WeightedRouter router = new WeightedRouter(v1.uri(), v2.uri(), log, Clock.systemUTC());
    private final LoadTestWebhook loadtester = new LoadTestWebhook(new LoadGenerator());

    @AfterEach
    void stop() {
        loadtester.close();
        router.close();
        v1.close();
        v2.close();
    }

    @Test
    void aRolloutHookRunsTheLoadThroughTheRouterAndAnswersWhenItIsDone() {
        router.setRoutes(KitCanary.WEB, Routes.canaryWeight(50));

        WebhookResult result = call("hey -n 40 -q 200 -c 2 " + router.uri());

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.message()).startsWith("ran 40 requests");
        assertThat(log.count(ServedRequest.Side.PRIMARY)).isEqualTo(20);
        assertThat(log.count(ServedRequest.Side.CANARY)).isEqualTo(20);
        assertThat(log.errors(ServedRequest.Side.CANARY)).isEqualTo(4);
        assertThat(loadtester.received()).singleElement()
                .satisfies(p -> assertThat(p.name()).isEqualTo("web"))
                .satisfies(p -> assertThat(p.metadata()).containsKey("cmd"));
    }

    @Test
    void aRunStopsByItselfWhenItsDurationIsOver() {
        WebhookResult result = call("hey -z 1s -q 20 -c 1 " + router.uri());

        assertThat(result.isSuccess()).isTrue();
        LoadRun run = loadtester.runs().get(0);
        assertThat(run.elapsed()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        // 20 per second for one second, paced from the start: 20 requests, give or take the last one.
        assertThat(run.sent()).isBetween(19, 21);
        assertThat(log.all()).hasSize(run.sent());
    }

    @Test
    void refusesToSendLoadAnywhereButLoopback() {
        WebhookResult result = call("hey -n 5 -c 1 http://10.0.0.1:80/");

        assertThat(result).isInstanceOfSatisfying(WebhookResult.Answered.class, a -> assertThat(a.status()).isEqualTo(400));
        assertThat(loadtester.runs()).isEmpty();
    }

    private WebhookResult call(String cmd) {
        CanaryWebhook hook = new CanaryWebhook(WebhookType.ROLLOUT.wireName(), "load-test", loadtester.uri().toString(), null, "15s",
                Map.of("cmd", cmd), null, null);
        return JdkWebhookClient.ofDefaults().call(hook, new WebhookPayload("web", "prod", "Progressing", "abc", hook.metadata()));
    }
}
