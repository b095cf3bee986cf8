package io.canarykit.providers.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void anUnparseableAddressIsQuotedWithoutItsUserInfoOrQueryToken() {
        assertThatThrownBy(() -> Endpoints.parse("datadog", "ht!tp://user:pa55word@dd.example?api_key=K3YVALUE"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid datadog address '***@dd.example?api_key=***'");
    }
}
