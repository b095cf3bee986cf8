package io.canarykit.api.spi;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * What identifies a revision of the target: the hash of its pod template (or Service spec) and the
 * checksums of the ConfigMaps and Secrets it uses ({@code configmap/<name>}, {@code secret/<name>}).
 *
 * <p>CanaryKit's spec hashes are lowercase hex SHA-256 (64 characters); anything else in a status is
 * a foreign hash (from Go Flagger) and is re-baselined on first sight rather than taken for a new
 * revision.
 */
public record TargetRevision(String specHash, Map<String, String> trackedConfigs) {

    /** The hash of a target that never changes (the SHA-256 of nothing). */
    public static final String UNCHANGING = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final Pattern OWN_HASH = Pattern.compile("[0-9a-f]{64}");

    public TargetRevision {
        trackedConfigs = Map.copyOf(trackedConfigs);
    }

    public static boolean isOwnHash(String hash) {
        return OWN_HASH.matcher(hash).matches();
    }
}
