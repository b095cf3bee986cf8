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

    private static final Pattern OWN_HASH = Pattern.compile("[0-9a-f]{64}");

    public TargetRevision {
        trackedConfigs = Map.copyOf(trackedConfigs);
    }

    public static boolean isOwnHash(String hash) {
        return OWN_HASH.matcher(hash).matches();
    }
}
