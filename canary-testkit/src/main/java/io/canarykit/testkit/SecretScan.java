package io.canarykit.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct secret values, one per place a secret can enter, and a scan of any text for them (log
 * lines, events, JSON, HTML, exception messages). Each value is unique, so a hit names the place it
 * leaked from. Not thread-safe: plant before the run, scan after it.
 */
public final class SecretScan {

    private final Map<String, String> planted = new LinkedHashMap<>();

    /** A new secret for {@code place}: letters and digits only, so no encoding can disguise it. */
    public String plant(String place) {
        String secret = "S3cr" + Integer.toHexString(place.hashCode() & 0xfffffff) + "x" + planted.size() + "Zq";
        planted.put(secret, place);
        return secret;
    }

    public Map<String, String> planted() {
        return Map.copyOf(planted);
    }

    /**
     * Every {@code where: place} whose secret appears in {@code text}, as written or base64-encoded
     * at any offset (a Basic {@code Authorization} header encodes {@code user:secret}).
     */
    public List<String> leaks(String where, String text) {
        List<String> found = new ArrayList<>();
        planted.forEach((secret, place) -> {
            if (text.contains(secret)) {
                found.add(where + ": the secret of " + place);
            } else if (base64Forms(secret).stream().anyMatch(text::contains)) {
                found.add(where + ": the secret of " + place + " (base64)");
            }
        });
        return found;
    }

    /** The part of the base64 encoding of {@code secret} that is the same whatever precedes it, for each of the three alignments. */
    static List<String> base64Forms(String secret) {
        List<String> forms = new ArrayList<>();
        for (int offset = 0; offset < 3; offset++) {
            String encoded = java.util.Base64.getEncoder().encodeToString(
                    ("..".substring(0, offset) + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            int skip = offset == 0 ? 0 : 4;
            int keep = (encoded.length() - skip) / 4 * 4 - 4;
            if (keep >= 8) {
                forms.add(encoded.substring(skip, skip + keep));
            }
        }
        return forms;
    }
}
