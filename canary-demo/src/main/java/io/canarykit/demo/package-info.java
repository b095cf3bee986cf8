/**
 * {@code canary demo}: the reference canary run by the real engine against real HTTP services,
 * a weighted proxy and a webhook-driven load generator, all in one JVM on 127.0.0.1.
 */
@NullMarked
package io.canarykit.demo;

import org.jspecify.annotations.NullMarked;
