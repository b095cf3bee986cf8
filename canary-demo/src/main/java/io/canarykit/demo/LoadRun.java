package io.canarykit.demo;

import java.time.Duration;

/** What one load run did: requests sent, how many were answered 2xx, 5xx or not at all, and how long it took. */
public record LoadRun(int sent, int succeeded, int serverErrors, int failedToConnect, Duration elapsed) {
}
