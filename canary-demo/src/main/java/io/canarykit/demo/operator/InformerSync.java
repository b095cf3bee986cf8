package io.canarykit.demo.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** Compares what an informer holds with what the API server lists, by resourceVersion. */
final class InformerSync {

    private InformerSync() {
    }

    /** Whether {@code informer} (not created yet counts as behind) holds every object of {@code server} at its version. */
    static <T extends HasMetadata> boolean inSync(List<? extends T> server, AtomicReference<SharedIndexInformer<T>> informer) {
        SharedIndexInformer<T> created = informer.get();
        return created != null && server.stream().allMatch(o -> sameVersion(Optional.ofNullable(created.getStore().get(o)), o));
    }

    static boolean sameVersion(Optional<? extends HasMetadata> cached, HasMetadata server) {
        return cached.map(c -> Objects.equals(c.getMetadata().getResourceVersion(), server.getMetadata().getResourceVersion()))
                .orElse(false);
    }
}
