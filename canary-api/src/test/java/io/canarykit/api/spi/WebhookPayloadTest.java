package io.canarykit.api.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.model.CanaryWebhook;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {

    @Test
    void aHooksOwnMetadataGoesInAsItIsInItsOrder() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("type", "cmd");
        metadata.put("cmd", "hey -z 1m http://web-canary.prod/");
        CanaryWebhook hook = new CanaryWebhook("rollout", "load-test", "http://loadtester/", null, null, metadata, null, null);

        WebhookPayload payload = new WebhookPayload("web", "prod", "Progressing", "abc", hook.metadata());

        assertThat(payload.metadata()).isSameAs(hook.metadata());
        assertThat(payload.metadata().keySet()).containsExactly("type", "cmd");
    }

    @Test
    void otherMetadataIsCopiedAndNullsAreRefusedAsBefore() {
        Map<String, String> metadata = new HashMap<>(Map.of("eventMessage", "hi"));
        WebhookPayload payload = new WebhookPayload("web", "prod", "Progressing", "abc", metadata);
        metadata.put("eventType", "Normal");

        assertThat(payload.metadata()).containsOnlyKeys("eventMessage");

        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("cmd", null);
        CanaryWebhook hook = new CanaryWebhook("rollout", "load-test", "http://loadtester/", null, null, withNull, null, null);
        assertThatThrownBy(() -> new WebhookPayload("web", "prod", "Progressing", "abc", hook.metadata()))
                .isInstanceOf(NullPointerException.class);
    }
}
