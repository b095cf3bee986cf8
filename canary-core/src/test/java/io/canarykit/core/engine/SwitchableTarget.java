package io.canarykit.core.engine;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import java.util.Map;

/** A ready target whose revision a test switches (core's tests cannot use the testkit's fakes). */
final class SwitchableTarget implements TargetController {

    private String hash = "a".repeat(64);

    void newRevision() {
        hash = hash.startsWith("a") ? "b".repeat(64) : "a".repeat(64);
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
        return new TargetRevision(hash, Map.of());
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
