/**
 * How a Canary maps onto Istio objects: the VirtualService and DestinationRule specs as JSON
 * trees, match and session-affinity rendering, reading the split back, and the weight patch. No
 * compatibility promise.
 */
@NullMarked
package io.canarykit.istio.internal;

import org.jspecify.annotations.NullMarked;
