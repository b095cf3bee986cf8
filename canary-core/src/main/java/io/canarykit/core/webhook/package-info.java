/**
 * The webhook client: Flagger's webhook protocol over the JDK's {@code java.net.http} client.
 */
@NullMarked
package io.canarykit.core.webhook;

import org.jspecify.annotations.NullMarked;
