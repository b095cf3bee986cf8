package io.canarykit.api.spi;

/** Delivers alerts (Slack, MS Teams, Discord, ...). Delivery problems are logged, never thrown. */
public interface Notifier {

    Notifier NOOP = notification -> {
    };

    void send(Notification notification);
}
