/**
 * How a Canary maps onto a canary Ingress: the copied spec, the canary annotations, the A/B match
 * and the weight patch. No compatibility promise.
 */
@NullMarked
package io.canarykit.nginx.internal;

import org.jspecify.annotations.NullMarked;
