/**
 * {@code canary operator-demo}: the real {@link io.canarykit.k8s.operator.CanaryOperator} against an
 * in-process Kubernetes API (fabric8's mock server in CRUD mode) on virtual time, with the demo
 * playing the Deployment controller (and, for Gateway API, the gateway controller).
 */
@NullMarked
package io.canarykit.demo.operator;

import org.jspecify.annotations.NullMarked;
