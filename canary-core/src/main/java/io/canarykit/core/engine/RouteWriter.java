package io.canarykit.core.engine;

import io.canarykit.api.spi.Routes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/** Applies a traffic split through the tick's router; with session affinity, the sticky cookies are minted or retired first. */
final class RouteWriter {

    private static final String COOKIE_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /** Absent: each thread's own {@link ThreadLocalRandom}, as the engine is shared by workers. */
    private final @Nullable RandomGenerator random;

    RouteWriter(@Nullable RandomGenerator random) {
        this.random = random;
    }

    void apply(TickContext t, Routes routes) {
        var affinity = t.canary.analysis().sessionAffinity();
        if (affinity != null) {
            if (routes.canaryWeight() != 0) {
                if (t.status().sessionAffinityCookie() == null) {
                    String cookie = affinity.cookieName() + "=" + randomLetters();
                    t.status(s -> s.sessionAffinityCookie(cookie));
                }
                String primaryCookieName = affinity.primaryCookieName();
                if (primaryCookieName != null && !primaryCookieName.isEmpty() && t.status().primarySessionAffinityCookie() == null) {
                    String cookie = primaryCookieName + "=" + randomLetters();
                    t.status(s -> s.primarySessionAffinityCookie(cookie));
                }
            } else if (t.status().sessionAffinityCookie() != null) {
                String current = t.status().sessionAffinityCookie();
                t.status(s -> s.previousSessionAffinityCookie(current).sessionAffinityCookie(null));
            }
        }
        t.router.setRoutes(t.canary, routes);
        t.routeChange = routes;
    }

    private String randomLetters() {
        StringBuilder letters = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            RandomGenerator generator = random == null ? ThreadLocalRandom.current() : random;
            letters.append(COOKIE_LETTERS.charAt(generator.nextInt(COOKIE_LETTERS.length())));
        }
        return letters.toString();
    }
}
