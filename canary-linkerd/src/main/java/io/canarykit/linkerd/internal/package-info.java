/**
 * How a Canary maps onto an SMI TrafficSplit: the wanted spec, the weights read back, the weight
 * patch and what SMI cannot express. No compatibility promise.
 */
@NullMarked
package io.canarykit.linkerd.internal;

import org.jspecify.annotations.NullMarked;
