package io.canarykit.cli.dashboard;

import com.sun.net.httpserver.Headers;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps other web pages from using the dashboard through the user's browser. The dashboard acts
 * with the user's cluster credentials, and a page on any site can make the browser send a POST to
 * {@code 127.0.0.1}; so an action is refused unless it comes from the dashboard's own page
 * ({@code Origin} equal to the dashboard's, {@code Sec-Fetch-Site: same-origin}). A {@code Host}
 * that is not the dashboard's address is refused for every request when it listens on loopback:
 * that is a DNS-rebinding page posing as the dashboard's origin.
 */
record RequestGuard(boolean loopback, int port) {

    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    /** Why a request with these headers is refused, or empty when it may go on. */
    Optional<String> refuse(String method, Headers headers) {
        String host = Optional.ofNullable(headers.getFirst("Host")).orElse("").toLowerCase(Locale.ROOT);
        if (loopback && LOOPBACK_HOSTS.stream().noneMatch(h -> host.equals(h + ":" + port))) {
            return Optional.of("Host " + host + " is not this dashboard's address");
        }
        if (!"POST".equals(method)) {
            return Optional.empty();
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            return Optional.of("cross-site request refused (Sec-Fetch-Site: " + site + ")");
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !origin.toLowerCase(Locale.ROOT).equals("http://" + host)) {
            return Optional.of("cross-origin request refused (Origin: " + origin + ")");
        }
        return Optional.empty();
    }
}
