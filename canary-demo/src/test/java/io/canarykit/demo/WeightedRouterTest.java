package io.canarykit.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WeightedRouterTest {

    private final RequestLog log = new RequestLog();
    private final InProcessDeployment v1 = new InProcessDeployment("prod", "web-primary-a-b", Release.healthy("v1"));
    private final InProcessDeployment v2 = new InProcessDeployment("prod", "web-c-d", Release.healthy("v2"));
    private final WeightedRouter router = new WeightedRouter(v1.uri(), v2.uri(), log, Clock.systemUTC());
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        router.close();
        v1.close();
        v2.close();
    }

    @Test
    void splitsRealRequestsPerTheWeightsInForce() throws Exception {
        router.setRoutes(KitCanary.WEB, Routes.canaryWeight(30));

        Map<String, Integer> bodies = send(1000);

        assertThat(router.routes(KitCanary.WEB)).isEqualTo(new Routes(70, 30, false));
        assertThat(bodies.get("hello from web v2\n")).isCloseTo(300, within(15));
        assertThat(bodies.get("hello from web v1\n")).isCloseTo(700, within(15));
        // The servers themselves saw the traffic: it was proxied, not counted on the side.
        assertThat(v2.served()).isEqualTo(bodies.get("hello from web v2\n").longValue());
        assertThat(log.count(ServedRequest.Side.CANARY)).isEqualTo(v2.served());
    }

    @Test
    void sendsNothingToTheCanaryAtWeightZeroAndAfterARevert() throws Exception {
        assertThat(send(50)).containsOnlyKeys("hello from web v1\n");

        router.setRoutes(KitCanary.WEB, Routes.canaryWeight(50));
        assertThat(send(50)).containsEntry("hello from web v2\n", 25);
        router.revert(KitCanary.WEB);

        assertThat(send(50)).containsOnlyKeys("hello from web v1\n");
        assertThat(router.changes()).extracting(WeightedRouter.RouteChange::routes)
                .containsExactly(Routes.canaryWeight(50), TrafficRouter.NOOP.routes(KitCanary.WEB));
    }

    private Map<String, Integer> send(int count) throws IOException, InterruptedException {
        Map<String, Integer> bodies = new HashMap<>();
        HttpRequest request = HttpRequest.newBuilder(router.uri()).GET().build();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            bodies.merge(response.body(), 1, Integer::sum);
        }
        return bodies;
    }
}
