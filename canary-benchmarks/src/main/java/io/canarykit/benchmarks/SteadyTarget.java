package io.canarykit.benchmarks;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.testkit.FakeTargetController;
import java.util.Map;

/**
 * A workload that is always ready, with one revision for every canary that {@link #shipRevision}
 * changes. The revision hash is computed once per revision: the testkit's
 * {@code FakeTargetController} hashes on every call (a SHA-256 per tick that a real target reads
 * from its informer cache) and serialises callers on one lock.
 */
public final class SteadyTarget implements TargetController {

    private volatile TargetRevision revision = revisionOf("v1");

    /** A new pod template for every canary's target, as a fleet-wide image update would be. */
    public void shipRevision(String podTemplate) {
        revision = revisionOf(podTemplate);
    }

    private static TargetRevision revisionOf(String podTemplate) {
        return new TargetRevision(FakeTargetController.hash(podTemplate), Map.of());
    }

    @Override
    public void initialize(Canary canary) {
    }

    @Override
    public Readiness isPrimaryReady(Canary canary) {
        return Readiness.READY;
    }

    @Override
    public Readiness isCanaryReady(Canary canary) {
        return Readiness.READY;
    }

    @Override
    public TargetRevision revision(Canary canary) {
        return revision;
    }

    @Override
    public void promote(Canary canary) {
    }

    @Override
    public void scaleToZero(Canary canary) {
    }

    @Override
    public void scaleFromZero(Canary canary) {
    }

    @Override
    public void revert(Canary canary) {
    }
}
