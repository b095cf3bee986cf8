package io.canarykit.demo;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;

/**
 * The two in-process deployments as the engine's workload: the target (the canary deployment, which
 * runs whatever was shipped last) and its primary copy. A revision is the SHA-256 of the shipped
 * release's version, as CanaryKit hashes a pod template; promotion rolls the canary's release out
 * to the primary.
 */
public final class DemoTarget implements TargetController {

    private final InProcessDeployment primary;
    private final InProcessDeployment canary;
    private Release shipped;
    private boolean canaryScaledUp = true;
    private int promotions;

    /** The target starts with what the primary runs: nothing new to analyse until {@link #ship}. */
    public DemoTarget(InProcessDeployment primary, InProcessDeployment canary) {
        this.primary = Objects.requireNonNull(primary, "primary");
        this.canary = Objects.requireNonNull(canary, "canary");
        this.shipped = primary.release();
    }

    /** The user ships a new revision: the canary deployment now runs {@code release}. */
    public synchronized void ship(Release release) {
        shipped = Objects.requireNonNull(release, "release");
        canary.deploy(release);
    }

    @Override
    public synchronized void initialize(Canary c) {
        // Both deployments exist from the start; the primary already runs the stable release.
    }

    @Override
    public Readiness isPrimaryReady(Canary c) {
        return Readiness.READY;
    }

    @Override
    public synchronized Readiness isCanaryReady(Canary c) {
        return canaryScaledUp ? Readiness.READY
                : Readiness.notReady("canary deployment " + canary.podName() + " is scaled to zero", true);
    }

    @Override
    public synchronized TargetRevision revision(Canary c) {
        return new TargetRevision(sha256(shipped.version()), Map.of());
    }

    @Override
    public synchronized void promote(Canary c) {
        promotions++;
        primary.deploy(shipped);
    }

    @Override
    public synchronized void scaleToZero(Canary c) {
        canaryScaledUp = false;
    }

    @Override
    public synchronized void scaleFromZero(Canary c) {
        canaryScaledUp = true;
    }

    @Override
    public void revert(Canary c) {
        // revertOnDeletion does not apply: the demo's canary is never deleted.
    }

    public synchronized int promotions() {
        return promotions;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
