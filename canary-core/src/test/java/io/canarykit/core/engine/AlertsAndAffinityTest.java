package io.canarykit.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.AlertSeverity;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryAlert;
import io.canarykit.api.model.CanaryAnalysis;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CanaryService;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.api.model.CrossNamespaceObjectReference;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.model.ObjectMeta;
import io.canarykit.api.model.SessionAffinity;
import io.canarykit.api.model.WebhookType;
import io.canarykit.api.spi.Notification;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.api.spi.WebhookResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AlertsAndAffinityTest {

    private final List<Notification> sent = new ArrayList<>();
    private final SwitchableTarget target = new SwitchableTarget();
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static Canary canary(List<CanaryAlert> alerts, List<CanaryWebhook> webhooks, SessionAffinity affinity) {
        CanaryAnalysis analysis = new CanaryAnalysis("1m", null, null, null, 20, 10, null, null, 1, null, null, alerts, null,
                webhooks, null, affinity, null);
        return Canary.of(ObjectMeta.of("prod", "web"), new CanarySpec(null, null,
                new LocalObjectReference("apps/v1", "Deployment", "web"), null, null, null, null, CanaryService.ofPort(80),
                analysis, null, null, null, null, null));
    }

    private static CanaryAlert alert(String name, String severity) {
        return new CanaryAlert(name, severity, CrossNamespaceObjectReference.of(name, null));
    }

    @Test
    void alertsAreRoutedBySeverityAndAnEntryWithoutSeverityHearsEverything() {
        List<CanaryAlert> alerts = List.of(alert("all", "info"), alert("warnings", "warn"), alert("errors", "error"),
                alert("unset", null));
        CanaryWebhook gate = CanaryWebhook.of(WebhookType.CONFIRM_ROLLOUT, "approve", "http://hooks/approve");
        CanaryEngine engine = CanaryEngine.builder().clock(clock).targetController(target).notifier(sent::add)
                .webhookClient((hook, payload) -> new WebhookResult.Answered(403, "not yet")).build();
        Canary canary = canary(alerts, List.of(gate), null);

        canary = engine.tick(canary).canary();
        assertThat(sent).extracting(n -> n.providerRef().name()).containsExactly("all", "unset");
        assertThat(sent.get(0).severity()).isEqualTo(AlertSeverity.INFO);
        assertThat(sent.get(0).message()).isEqualTo("New Deployment detected, initialization completed.");
        assertThat(sent.get(0).fields()).containsExactly(Map.entry("Target", "Deployment/web.prod"),
                Map.entry("Failed checks threshold", "1"), Map.entry("Progress deadline", "600s"),
                Map.entry("Traffic routing", "Weight step: 10 max: 20"));

        sent.clear();
        target.newRevision();
        engine.tick(canary);
        assertThat(sent).extracting(n -> n.providerRef().name()).containsExactly("all", "warnings", "unset");
        assertThat(sent).allSatisfy(n -> assertThat(n.message()).isEqualTo("Canary is waiting for approval."));
    }

    @Test
    void withoutAlertEntriesEveryAlertGoesToTheControllerNotifier() {
        CanaryEngine engine = CanaryEngine.builder().clock(clock).targetController(target).notifier(sent::add).build();

        engine.tick(canary(List.of(), List.of(), null));

        assertThat(sent).singleElement().satisfies(n -> assertThat(n.providerRef()).isNull());
    }

    @Test
    void sessionAffinityCookiesAreMintedWithCanaryTrafficAndRetiredAfterIt() {
        List<Canary> seenByRouter = new ArrayList<>();
        TrafficRouter router = new TrafficRouter() {
            private Routes routes = Routes.PRIMARY_ONLY;

            @Override
            public void reconcile(Canary canary) {
            }

            @Override
            public Routes routes(Canary canary) {
                return routes;
            }

            @Override
            public void setRoutes(Canary canary, Routes value) {
                seenByRouter.add(canary);
                routes = value;
            }

            @Override
            public void revert(Canary canary) {
            }
        };
        SessionAffinity affinity = new SessionAffinity("canary", "primary", null, null, null, null, null, null, null);
        // One tick per analysis interval: a tick before the next step is due is held.
        Instant[] now = {clock.instant()};
        Clock perInterval = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now[0] = now[0].plus(Duration.ofMinutes(1));
                return now[0];
            }
        };
        CanaryEngine engine = CanaryEngine.builder().clock(perInterval).targetController(target).trafficRouter(router)
                .random(new SplittableRandom(1)).build();
        Canary canary = engine.tick(canary(List.of(), List.of(), affinity)).canary();
        target.newRevision();
        for (int i = 0; i < 3; i++) {
            canary = engine.tick(canary).canary();
        }

        // The first step to weight 10: both cookies exist before the router applies it.
        Canary firstStep = seenByRouter.get(0);
        assertThat(firstStep.status().sessionAffinityCookie()).matches("canary=[a-zA-Z]{10}");
        assertThat(firstStep.status().primarySessionAffinityCookie()).matches("primary=[a-zA-Z]{10}");
        String cookie = firstStep.status().sessionAffinityCookie();

        for (int i = 0; i < 3; i++) {
            canary = engine.tick(canary).canary();
        }
        // After promotion (weight back to 0) the cookie is retired, so routers can expire it on clients.
        assertThat(canary.status().sessionAffinityCookie()).isNull();
        assertThat(canary.status().previousSessionAffinityCookie()).isEqualTo(cookie);
        assertThat(seenByRouter.get(seenByRouter.size() - 1).status().previousSessionAffinityCookie()).isEqualTo(cookie);
    }
}
