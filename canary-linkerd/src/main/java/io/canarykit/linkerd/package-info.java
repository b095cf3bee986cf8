/**
 * CanaryKit's traffic router for Linkerd and other SMI meshes: an SMI {@code TrafficSplit}.
 */
@NullMarked
package io.canarykit.linkerd;

import org.jspecify.annotations.NullMarked;
