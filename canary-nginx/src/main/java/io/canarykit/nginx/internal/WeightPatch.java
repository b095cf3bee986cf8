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
        return "[{\"op\":\"test\",\"path\":\"" + string(path) + "\",\"value\":\"" + string(from) + "\"},"
                + "{\"op\":\"replace\",\"path\":\"" + string(path) + "\",\"value\":\"" + string(to) + "\"}]";
    }

    /** The body of a JSON string: a hand-edited old value may hold quotes, backslashes or control characters. */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 6901: {@code ~} and {@code /} are escaped in a JSON Pointer token. */
    static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
