/**
 * Alerts to chat services, as Flagger's notifier package sends them: Slack, MS Teams, Discord,
 * Rocket.Chat and Google Chat, addressed through AlertProvider resources (the Secret's
 * {@code address} wins over the spec's) or a controller-wide default. Addresses, proxies and
 * tokens never reach a log line or a {@code toString()}.
 */
@NullMarked
package io.canarykit.k8s.alert;

import org.jspecify.annotations.NullMarked;
