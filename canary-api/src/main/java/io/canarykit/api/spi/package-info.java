/**
 * Service-provider interfaces: the engine reaches routers, workloads, metric backends, webhooks, storage, events, notifications and secrets only through these.
 */
@NullMarked
package io.canarykit.api.spi;

import org.jspecify.annotations.NullMarked;
