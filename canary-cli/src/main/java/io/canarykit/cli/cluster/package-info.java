/**
 * The cluster commands: {@code canary get [-w]}, {@code promote}, {@code abort}, {@code retry},
 * {@code pause}, {@code resume}. They read Canaries and their events from the API server the
 * kubeconfig names (as kubectl resolves it) and deliver commands as the
 * {@link io.canarykit.api.model.CanaryCommand} annotations the operator consumes once.
 */
@NullMarked
package io.canarykit.cli.cluster;

import org.jspecify.annotations.NullMarked;
