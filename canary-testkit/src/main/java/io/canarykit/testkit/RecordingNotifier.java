package io.canarykit.testkit;

import io.canarykit.api.spi.Notification;
import io.canarykit.api.spi.Notifier;
import java.util.ArrayList;
import java.util.List;

/** Keeps every alert sent. */
public final class RecordingNotifier implements Notifier {

    private final List<Notification> sent = new ArrayList<>();

    @Override
    public synchronized void send(Notification notification) {
        sent.add(notification);
    }

    public synchronized List<Notification> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<String> messages() {
        return sent.stream().map(Notification::message).toList();
    }
}
