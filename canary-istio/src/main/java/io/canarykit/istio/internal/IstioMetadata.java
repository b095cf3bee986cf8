package io.canarykit.istio.internal;

/**
 * The annotations a taken-over VirtualService keeps its user's configuration in, for
 * {@code revertOnDeletion}. Labels, annotations and the owner the router writes are
 * {@link io.canarykit.k8s.RoutingMetadata}'s and {@link io.canarykit.k8s.CanaryOwners}'.
 */
public final class IstioMetadata {

    /** Flagger's copy of a taken-over VirtualService's spec, restored on revert. */
    public static final String ORIGINAL_CONFIGURATION = "flagger.kubernetes.io/original-configuration";
    /** kubectl's copy of what was applied: when present, revert restores its spec instead. */
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private IstioMetadata() {
    }
}
