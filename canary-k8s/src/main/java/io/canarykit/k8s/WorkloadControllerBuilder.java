package io.canarykit.k8s;

import io.canarykit.api.spi.TargetController;
import io.canarykit.k8s.internal.SelectorLabels;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The options every workload {@link TargetController} of this module takes (Flagger's controller
 * flags that shape a primary), shared by {@link DeploymentTargetController.Builder} and
 * {@link DaemonSetTargetController.Builder}.
 *
 * @param <B> the concrete builder, returned by every option for chaining
 * @param <T> the controller it builds
 */
public abstract class WorkloadControllerBuilder<B extends WorkloadControllerBuilder<B, T>, T extends TargetController> {

    final KubernetesCaches caches;
    Clock clock = Clock.systemUTC();
    List<String> selectorLabels = SelectorLabels.DEFAULT.keys();
    List<String> includeLabelPrefixes = List.of();
    Supplier<UUID> ids = UUID::randomUUID;

    WorkloadControllerBuilder(KubernetesCaches caches) {
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    /** The clock the progress deadline is measured with. */
    public B clock(Clock value) {
        clock = Objects.requireNonNull(value, "clock");
        return self();
    }

    /** Flagger's {@code -selector-labels}; default {@code app, name, app.kubernetes.io/name}. */
    public B selectorLabels(List<String> value) {
        selectorLabels = List.copyOf(value);
        return self();
    }

    /** Flagger's {@code -include-label-prefix}: target labels copied to the primary ({@code *} = all). */
    public B includeLabelPrefixes(List<String> value) {
        includeLabelPrefixes = List.copyOf(value);
        return self();
    }

    /** Source of the {@code flagger-id} pod annotation that forces a primary rollout. */
    public B ids(Supplier<UUID> value) {
        ids = Objects.requireNonNull(value, "ids");
        return self();
    }

    public abstract T build();

    abstract B self();
}
