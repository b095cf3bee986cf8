package io.canarykit.nginx.internal;

import io.canarykit.api.model.Canary;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;

/** The canary Ingress's controller reference to its Canary, so that deleting the Canary collects it. */
public final class IngressOwner {

    private IngressOwner() {
    }

    public static List<OwnerReference> of(Canary canary) {
        String uid = canary.metadata().uid();
        if (uid == null || uid.isEmpty()) {
            return List.of();
        }
        return List.of(new OwnerReferenceBuilder().withApiVersion(canary.apiVersion()).withKind(Canary.KIND)
                .withName(canary.name()).withUid(uid).withController(true).withBlockOwnerDeletion(true).build());
    }

    public static boolean owns(ObjectMeta live, Canary canary) {
        String uid = canary.metadata().uid();
        return uid != null && live.getOwnerReferences() != null && live.getOwnerReferences().stream()
                .anyMatch(r -> Boolean.TRUE.equals(r.getController()) && uid.equals(r.getUid()));
    }
}
