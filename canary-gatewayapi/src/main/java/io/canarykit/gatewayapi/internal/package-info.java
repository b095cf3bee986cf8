/**
 * How a Canary maps onto an HTTPRoute: matches, filters, session-affinity rules, parent readiness
 * and the weight patch. No compatibility promise.
 */
@NullMarked
package io.canarykit.gatewayapi.internal;

import org.jspecify.annotations.NullMarked;
