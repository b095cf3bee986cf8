/**
 * CanaryKit's traffic router over the Kubernetes Gateway API ({@code gateway.networking.k8s.io/v1}
 * {@code HTTPRoute}): weights, A/B matches, session affinity and blue/green mirroring, written with
 * JSON Patch or PUT with a resourceVersion and read through an {@link io.canarykit.k8s.ObjectCache}.
 */
@NullMarked
package io.canarykit.gatewayapi;

import org.jspecify.annotations.NullMarked;
