package io.canarykit.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TargetController} must keep: initialization is idempotent, revisions
 * are stable CanaryKit hashes that change exactly when the target changes, readiness is a value,
 * and scaling is idempotent.
 */
public abstract class TargetControllerCompatibilityKit {

    protected TargetController target;
    protected Canary canary;

    /** A controller over a backend holding a ready target workload for {@link #canary()}. */
    protected abstract TargetController createTarget();

    /** Changes the target's pod template (a new image), as a user shipping a release would. */
    protected abstract void shipNewRevision();

    protected Canary canary() {
        return KitCanaries.web();
    }

    @BeforeEach
    void setUpTarget() {
        target = createTarget();
        canary = canary();
    }

    @Test
    @DisplayName("initialize is idempotent and leaves a ready primary")
    void initializeIsIdempotent() {
        target.initialize(canary);
        target.initialize(canary);
        assertThat(target.isPrimaryReady(canary).isReady()).isTrue();
    }

    @Test
    @DisplayName("the revision is a stable CanaryKit hash")
    void revisionIsStable() {
        target.initialize(canary);
        TargetRevision first = target.revision(canary);
        assertThat(TargetRevision.isOwnHash(first.specHash())).as("64 lowercase hex digits").isTrue();
        assertThat(target.revision(canary)).isEqualTo(first);
    }

    @Test
    @DisplayName("a new revision changes the hash and is seen as a target change")
    void newRevisionIsDetected() {
        target.initialize(canary);
        TargetRevision before = target.revision(canary);
        Canary recorded = canary.withStatus(canary.status().toBuilder().lastAppliedSpec(before.specHash())
                .lastPromotedSpec(before.specHash()).trackedConfigs(before.trackedConfigs()).build());
        assertThat(target.hasTargetChanged(recorded)).isFalse();

        shipNewRevision();

        assertThat(target.revision(canary).specHash()).isNotEqualTo(before.specHash());
        assertThat(target.hasTargetChanged(recorded)).isTrue();
    }

    @Test
    @DisplayName("readiness is answered as a value")
    void readinessIsAValue() {
        target.initialize(canary);
        assertThat(target.isPrimaryReady(canary)).isNotNull();
        assertThat(target.isCanaryReady(canary)).isNotNull();
    }

    @Test
    @DisplayName("scaling to and from zero is idempotent; promotion completes")
    void scalingIsIdempotent() {
        target.initialize(canary);
        assertThatCode(() -> {
            target.scaleFromZero(canary);
            target.scaleFromZero(canary);
            target.promote(canary);
            target.scaleToZero(canary);
            target.scaleToZero(canary);
        }).doesNotThrowAnyException();
    }
}
