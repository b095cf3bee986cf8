package io.canarykit.api.spi;

/** Whether a metric backend can be queried. */
public sealed interface Availability permits Availability.Online, Availability.Offline {

    Availability ONLINE = new Online();

    static Availability offline(String reason) {
        return new Offline(reason);
    }

    default boolean isOnline() {
        return this instanceof Online;
    }

    /** The backend answered a trivial query correctly. */
    record Online() implements Availability {
    }

    /** The backend is unreachable or answered wrongly. */
    record Offline(String reason) implements Availability {
    }
}
