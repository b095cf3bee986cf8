package io.canarykit.testkit.simulation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.testkit.FakeTargetController;

/**
 * The workload of a simulation: a {@link FakeTargetController} whose readiness follows the
 * scenario per tick (not per call, since one tick may ask more than once). Before the first
 * timeline tick (the initialization) everything is ready.
 */
final class SimulatedTarget implements TargetController {

    private final FakeTargetController delegate = new FakeTargetController();
    private final Scenario scenario;
    private int tick = -1;

    SimulatedTarget(Scenario scenario) {
        this.scenario = scenario;
    }

    void tick(int index) {
        tick = index;
    }

    void shipRevision(String podTemplate) {
        delegate.shipRevision(podTemplate);
    }

    @Override
    public void initialize(Canary canary) {
        delegate.initialize(canary);
    }

    @Override
    public Readiness isPrimaryReady(Canary canary) {
        if (tick < 0 || Scenario.at(scenario.primaryReady(), tick)) {
            return Readiness.READY;
        }
        return Readiness.notReady("Halt advancement " + canary.spec().primaryTargetName() + "." + canary.namespace()
                + " waiting for rollout to finish: primary not ready (scenario)", true);
    }

    @Override
    public Readiness isCanaryReady(Canary canary) {
        if (tick < 0 || Scenario.at(scenario.canaryReady(), tick)) {
            return Readiness.READY;
        }
        return Readiness.notReady("Halt advancement " + canary.spec().targetRef().name() + "." + canary.namespace()
                + " waiting for rollout to finish: canary not ready (scenario)", true);
    }

    @Override
    public TargetRevision revision(Canary canary) {
        return delegate.revision(canary);
    }

    @Override
    public void promote(Canary canary) {
        delegate.promote(canary);
    }

    @Override
    public void scaleToZero(Canary canary) {
        delegate.scaleToZero(canary);
    }

    @Override
    public void scaleFromZero(Canary canary) {
        delegate.scaleFromZero(canary);
    }

    @Override
    public void revert(Canary canary) {
        delegate.revert(canary);
    }
}
