package io.canarykit.cli.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestGuardTest {

    private static Headers headers(Map<String, String> values) {
        Headers headers = new Headers();
        values.forEach(headers::add);
        return headers;
    }

    @Test
    void onLoopbackOnlyLoopbackHostNamesWithTheDashboardsPortAreServed() {
        RequestGuard guard = new RequestGuard(true, 8080);

        assertThat(guard.refuse("GET", headers(Map.of("Host", "127.0.0.1:8080")))).isEmpty();
        assertThat(guard.refuse("GET", headers(Map.of("Host", "localhost:8080")))).isEmpty();
        assertThat(guard.refuse("GET", headers(Map.of("Host", "[::1]:8080")))).isEmpty();
        assertThat(guard.refuse("GET", headers(Map.of("Host", "rebound.example:8080")))).hasValueSatisfying(
                why -> assertThat(why).contains("rebound.example:8080"));
        assertThat(guard.refuse("GET", headers(Map.of("Host", "127.0.0.1:9090")))).isPresent();
        assertThat(guard.refuse("GET", headers(Map.of()))).isPresent();
    }

    @Test
    void aPostMustComeFromTheDashboardsOwnOrigin() {
        RequestGuard guard = new RequestGuard(true, 8080);
        Map<String, String> host = Map.of("Host", "localhost:8080");

        assertThat(guard.refuse("POST", headers(Map.of("Host", "localhost:8080", "Origin", "http://localhost:8080",
                "Sec-Fetch-Site", "same-origin")))).isEmpty();
        assertThat(guard.refuse("POST", headers(host))).as("no browser headers: curl").isEmpty();
        assertThat(guard.refuse("POST", headers(Map.of("Host", "localhost:8080", "Origin", "http://127.0.0.1:8080"))))
                .as("the other loopback name is another origin").isPresent();
        assertThat(guard.refuse("POST", headers(Map.of("Host", "localhost:8080", "Sec-Fetch-Site", "same-site")))).isPresent();
        assertThat(guard.refuse("POST", headers(Map.of("Host", "localhost:8080", "Sec-Fetch-Site", "none")))).isPresent();
        assertThat(guard.refuse("GET", headers(Map.of("Host", "localhost:8080", "Origin", "https://evil.example"))))
                .as("a cross-origin GET cannot read the answer without CORS headers").isEmpty();
    }

    @Test
    void onAnotherAddressAnyHostNameIsServedButPostsStillNeedTheSameOrigin() {
        RequestGuard guard = new RequestGuard(false, 8080);

        assertThat(guard.refuse("GET", headers(Map.of("Host", "build-box.internal:8080")))).isEmpty();
        assertThat(guard.refuse("POST", headers(Map.of("Host", "build-box.internal:8080", "Origin", "http://build-box.internal:8080"))))
                .isEmpty();
        assertThat(guard.refuse("POST", headers(Map.of("Host", "build-box.internal:8080", "Origin", "http://evil.example"))))
                .isPresent();
    }
}
