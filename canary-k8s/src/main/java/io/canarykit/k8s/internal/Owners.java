package io.canarykit.k8s.internal;

import io.canarykit.api.model.Canary;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/** The controller owner reference of generated objects: the Canary, so that deleting it collects them. */
public final class Owners {

    private Owners() {
    }

    public static List<OwnerReference> of(Canary canary) {
        String uid = canary.metadata().uid();
        if (uid == null || uid.isEmpty()) {
            return List.of();
        }
        return List.of(new OwnerReferenceBuilder().withApiVersion(canary.apiVersion()).withKind(Canary.KIND)
                .withName(canary.name()).withUid(uid).withController(true).withBlockOwnerDeletion(true).build());
    }

    public static boolean isOwnedBy(List<OwnerReference> references, Canary canary) {
        String uid = canary.metadata().uid();
        return references != null && uid != null
                && references.stream().anyMatch(r -> Boolean.TRUE.equals(r.getController()) && uid.equals(r.getUid()));
    }
}
