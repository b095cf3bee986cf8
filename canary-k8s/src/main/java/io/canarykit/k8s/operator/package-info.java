/**
 * The CanaryKit operator: informers over Canaries and the objects they refer to, a rate-limited
 * work queue, the scheduler ticking each canary at its interval, finalizers for
 * {@code revertOnDeletion}, leader election on a Lease with a drained hand-over, alerts and
 * (optionally, with Micrometer) Flagger-compatible controller metrics. Start one with
 * {@link io.canarykit.k8s.operator.CanaryOperator#builder}.
 */
@NullMarked
package io.canarykit.k8s.operator;

import org.jspecify.annotations.NullMarked;
