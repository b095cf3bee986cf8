package io.canarykit.api.spi;

import java.util.Map;

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


    public TargetRevision {
        trackedConfigs = Map.copyOf(trackedConfigs);
    }

    public static boolean isOwnHash(String hash) {
        // By hand rather than OWN_HASH.matcher(hash): the engine asks on every tick of every canary.
        if (hash.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = hash.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
