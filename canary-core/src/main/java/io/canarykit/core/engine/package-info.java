/**
 * The analysis engine: one call advances one canary by one tick. Pure: no Kubernetes, no HTTP
 * client, no JSON library, no sleeping and no system clock; every side effect goes through the
 * SPIs of {@code io.canarykit.api.spi}.
 */
@NullMarked
package io.canarykit.core.engine;

import org.jspecify.annotations.NullMarked;
