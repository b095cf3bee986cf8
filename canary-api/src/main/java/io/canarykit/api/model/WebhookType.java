package io.canarykit.api.model;

/** Webhook types of {@code analysis.webhooks[].type}; an empty type means {@link #ROLLOUT}. */
public enum WebhookType implements WireEnum {
    CONFIRM_ROLLOUT("confirm-rollout"),
    PRE_ROLLOUT("pre-rollout"),
    ROLLOUT("rollout"),
    CONFIRM_TRAFFIC_INCREASE("confirm-traffic-increase"),
    CONFIRM_PROMOTION("confirm-promotion"),
    POST_ROLLOUT("post-rollout"),
    ROLLBACK("rollback"),
    EVENT("event");

    private final String wireName;

    WebhookType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
