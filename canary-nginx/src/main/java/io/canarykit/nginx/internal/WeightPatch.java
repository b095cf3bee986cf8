package io.canarykit.nginx.internal;

/**
 * A weight step as one JSON Patch of the {@code canary-weight} annotation. The {@code test} of the
 * old value makes the API server refuse (422) a step computed on a stale read instead of applying it.
 */
public final class WeightPatch {

    private WeightPatch() {
    }

    public static String of(String key, String from, String to) {
        String path = "/metadata/annotations/" + pointer(key);
        return "[{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":\"" + from + "\"},"
                + "{\"op\":\"replace\",\"path\":\"" + path + "\",\"value\":\"" + to + "\"}]";
    }

    /** RFC 6901: {@code ~} and {@code /} are escaped in a JSON Pointer token. */
    static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
