package io.canarykit.api.spi;

import io.canarykit.api.model.CanaryWebhook;

/** Calls a webhook: POSTs the payload to the hook's URL with its timeout and retries. Never throws. */
public interface WebhookClient {

    /** A client whose every hook approves, for canaries whose gates are not under test. */
    WebhookClient APPROVE_ALL = (hook, payload) -> new WebhookResult.Answered(200, "");

    WebhookResult call(CanaryWebhook hook, WebhookPayload payload);
}
