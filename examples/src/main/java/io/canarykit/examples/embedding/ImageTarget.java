package io.canarykit.examples.embedding;

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
 * The deployment tool's workload: a stable server group running one image and a canary group
 * running the image being released. A revision is the SHA-256 of the image reference, as CanaryKit
 * hashes a pod template.
 */
public final class ImageTarget implements TargetController {

    private String stableImage;
    private String releasedImage;

    public ImageTarget(String stableImage) {
        this.stableImage = Objects.requireNonNull(stableImage, "stableImage");
        this.releasedImage = stableImage;
    }

    /** The tool deploys {@code image} to the canary group: a new revision for the engine. */
    public synchronized void deploy(String image) {
        releasedImage = Objects.requireNonNull(image, "image");
    }

    public synchronized String stableImage() {
        return stableImage;
    }

    @Override
    public void initialize(Canary canary) {
        // The stable group exists before the tool's first release.
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
    public synchronized TargetRevision revision(Canary canary) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(releasedImage.getBytes(StandardCharsets.UTF_8));
            return new TargetRevision(HexFormat.of().formatHex(hash), Map.of());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public synchronized void promote(Canary canary) {
        stableImage = releasedImage;
    }

    @Override
    public void scaleToZero(Canary canary) {
        // A real tool would scale the canary group down here.
    }

    @Override
    public void scaleFromZero(Canary canary) {
        // A real tool would scale the canary group up here.
    }

    @Override
    public void revert(Canary canary) {
        // Not used: the tool never deletes its canaries.
    }
}
