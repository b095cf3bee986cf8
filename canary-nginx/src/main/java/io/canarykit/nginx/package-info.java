/**
 * CanaryKit's traffic router for ingress-nginx ({@code provider: nginx}): a canary copy of the
 * user's {@code networking.k8s.io/v1} Ingress, steered with {@code nginx.ingress.kubernetes.io/canary-*}
 * annotations, written with JSON Patch or PUT with a resourceVersion and read through an
 * {@link io.canarykit.k8s.ObjectCache}.
 */
@NullMarked
package io.canarykit.nginx;

import org.jspecify.annotations.NullMarked;
