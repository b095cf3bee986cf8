package io.canarykit.linkerd.internal;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A weight step as one JSON Patch of the backends' weights. Each backend's Service name and old
 * weight are tested first: the API server refuses (422) a step computed on a stale read, or on a
 * split whose backends were reordered meanwhile, instead of writing a weight to the wrong Service.
 */
public final class WeightPatch {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private WeightPatch() {
    }

    /** The patch from {@code live} to {@code wanted}; they must have the same layout ({@link SplitSpec#sameLayout}). */
    public static String of(SplitSpec live, SplitSpec wanted) {
        if (!live.sameLayout(wanted)) {
            throw new IllegalArgumentException("the splits differ in more than their weights: " + live + " / " + wanted);
        }
        List<Map<String, Object>> ops = new ArrayList<>();
        for (int i = 0; i < live.backends().size(); i++) {
            SplitBackend from = live.backends().get(i);
            SplitBackend to = wanted.backends().get(i);
            if (from.sameAs(to) && from.weight() != null && from.weight().equals(to.weight())) {
                continue;
            }
            String at = "/spec/backends/" + i;
            ops.add(op("test", at + "/service", from.service()));
            if (from.weight() != null) {
                ops.add(op("test", at + "/weight", from.weight()));
                ops.add(op("replace", at + "/weight", Objects.requireNonNull(to.weight(), "weight")));
            } else {
                ops.add(op("add", at + "/weight", Objects.requireNonNull(to.weight(), "weight")));
            }
        }
        return SERIALIZATION.asJson(ops);
    }

    private static Map<String, Object> op(String op, String path, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("op", op);
        out.put("path", path);
        out.put("value", value);
        return out;
    }
}
