package io.canarykit.k8s;

import io.canarykit.api.model.Canary;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/**
 * The controller owner reference of the objects a Canary's controller generates (primaries,
 * Services, routes, splits): the Canary, so that deleting it collects them, and the test of whether
 * an object is this Canary's to change or delete.
 */
public final class CanaryOwners {

    private CanaryOwners() {
    }

    /** The controller reference to {@code canary}; none while it has no uid (not stored yet). */
    public static List<OwnerReference> of(Canary canary) {
        String uid = canary.metadata().uid();
        if (uid == null || uid.isEmpty()) {
            return List.of();
        }
        return List.of(new OwnerReferenceBuilder().withApiVersion(canary.apiVersion()).withKind(Canary.KIND)
                .withName(canary.name()).withUid(uid).withController(true).withBlockOwnerDeletion(true).build());
    }

    /** Whether {@code live} names {@code canary} as its controller. */
    public static boolean isOwnedBy(ObjectMeta live, Canary canary) {
        return isOwnedBy(live.getOwnerReferences(), canary);
    }

    public static boolean isOwnedBy(List<OwnerReference> references, Canary canary) {
        String uid = canary.metadata().uid();
        return references != null && uid != null
                && references.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()) && uid.equals(r.getUid()));
    }
}
