package io.canarykit.knative.internal;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A JSON Patch (RFC 6902) of a Knative Service's primary-revision annotation and traffic block,
 * computed from the copy the caller read. Every value it replaces or removes is first
 * {@code test}ed, so a write computed on a stale read fails (422) instead of undoing someone
 * else's change, while unrelated writes (Knative updating the status) do not get in its way. A
 * field that was absent is guarded by the read's resourceVersion instead, since a patch cannot
 * test for absence.
 */
public final class ServicePatch {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final String ANNOTATIONS = "/metadata/annotations";
    private static final String ANNOTATION = ANNOTATIONS + "/" + pointer(KnativeService.PRIMARY_REVISION);
    private static final String TRAFFIC = "/spec/traffic";

    private final KnativeService base;
    private final List<Map<String, Object>> ops = new ArrayList<>();
    private boolean versionTested;

    private ServicePatch(KnativeService base) {
        this.base = Objects.requireNonNull(base, "base");
    }

    /** An empty patch of {@code base}, the copy the changes are computed on. */
    public static ServicePatch on(KnativeService base) {
        return new ServicePatch(base);
    }

    /** Sets the primary-revision annotation (nothing when it already has this value). */
    public ServicePatch primaryRevision(String revision) {
        Optional<String> current = base.primaryRevision();
        if (current.isPresent() && current.get().equals(revision)) {
            return this;
        }
        Map<String, String> annotations = base.resource().getMetadata().getAnnotations();
        if (annotations == null) {
            testVersion();
            ops.add(op("add", ANNOTATIONS, Map.of(KnativeService.PRIMARY_REVISION, revision)));
        } else if (annotations.containsKey(KnativeService.PRIMARY_REVISION)) {
            ops.add(op("test", ANNOTATION, annotations.get(KnativeService.PRIMARY_REVISION)));
            ops.add(op("replace", ANNOTATION, revision));
        } else {
            ops.add(op("add", ANNOTATION, revision));
        }
        return this;
    }

    /** Removes the primary-revision annotation, if there is one. */
    public ServicePatch withoutPrimaryRevision() {
        Map<String, String> annotations = base.resource().getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(KnativeService.PRIMARY_REVISION)) {
            ops.add(op("test", ANNOTATION, annotations.get(KnativeService.PRIMARY_REVISION)));
            ops.add(op("remove", ANNOTATION, null));
        }
        return this;
    }

    /** Replaces {@code spec.traffic} with {@code wanted} (nothing when the block already says the same). */
    public ServicePatch traffic(List<TrafficTarget> wanted) {
        if (base.traffic().equals(wanted) && base.rawTraffic().isPresent()) {
            return this;
        }
        List<Map<String, Object>> value = wanted.stream().map(TrafficTarget::toMap).toList();
        Optional<List<Object>> current = base.rawTraffic();
        if (current.isPresent()) {
            ops.add(op("test", TRAFFIC, current.get()));
            ops.add(op("replace", TRAFFIC, value));
        } else {
            testVersion();
            ops.add(op("add", TRAFFIC, value));
        }
        return this;
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    public String json() {
        return SERIALIZATION.asJson(ops);
    }

    @Override
    public String toString() {
        return json();
    }

    private void testVersion() {
        if (!versionTested) {
            ops.add(0, op("test", "/metadata/resourceVersion", base.resource().getMetadata().getResourceVersion()));
            versionTested = true;
        }
    }

    private static Map<String, Object> op(String op, String path, @Nullable Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("op", op);
        out.put("path", path);
        if (!"remove".equals(op)) {
            out.put("value", value);
        }
        return out;
    }

    /** RFC 6901: {@code ~} and {@code /} are escaped in a JSON Pointer token. */
    static String pointer(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
