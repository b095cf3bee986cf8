package io.canarykit.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertProviderSpecTest {

    @Test
    void printingASpecShowsNeitherTheWebhookTokenNorTheProxyPassword() {
        AlertProviderSpec spec = new AlertProviderSpec("slack", "ops", null,
                "https://hooks.slack.com/services/T000/B000/XXXXSECRET", "http://user:pa55@proxy:3128", null);

        assertThat(spec.toString()).contains("type=slack", "channel=ops", "address=https://hooks.slack.com/***", "proxy=http://user:***@proxy:3128")
                .doesNotContain("XXXXSECRET", "pa55");
        assertThat(new AlertProviderSpec("msteams", null, null, null, null, null).toString()).contains("address=null");
    }
}
