package io.canarykit.k8s;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.k8s.internal.Workload;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TargetController} that hands every call to the controller registered for the Canary's
 * {@code spec.targetRef}; an empty kind means {@code Deployment}, an unknown one is the user's
 * mistake ({@link InvalidCanarySpecException}). Give it to the engine where one controller is
 * expected: {@code CanaryEngine.builder().targetController(TargetControllers.ofDefaults(caches, clock))}.
 *
 * <p>Controllers are keyed by kind ({@code "Deployment"}) or, where a kind alone is ambiguous, by
 * kind and API group as kubectl writes them ({@code "Service.serving.knative.dev"}, so that a
 * Knative Service is not taken for a core Service). A target is looked up by its kind and group
 * first, then by its kind alone.
 */
public final class TargetControllers implements TargetController {

    private final Map<String, TargetController> byKind;

    private TargetControllers(Map<String, TargetController> byKind) {
        this.byKind = Map.copyOf(byKind);
    }

    /**
     * Dispatches to {@code byKind}, keyed by {@code targetRef.kind} ({@code "Deployment"}, {@code "DaemonSet"}, ...)
     * or by kind and group ({@code "Service.serving.knative.dev"}).
     */
    public static TargetControllers of(Map<String, TargetController> byKind) {
        Objects.requireNonNull(byKind, "byKind");
        return new TargetControllers(byKind);
    }

    /** The Deployment and DaemonSet controllers of this module with default options, on {@code caches}. */
    public static TargetControllers ofDefaults(KubernetesCaches caches, Clock clock) {
        Objects.requireNonNull(caches, "caches");
        Objects.requireNonNull(clock, "clock");
        Map<String, TargetController> byKind = new LinkedHashMap<>();
        byKind.put(Workload.DEPLOYMENT, DeploymentTargetController.builder(caches).clock(clock).build());
        byKind.put(Workload.DAEMON_SET, DaemonSetTargetController.builder(caches).clock(clock).build());
        return new TargetControllers(byKind);
    }

    /** A copy in which {@code kind} (or {@code kind.group}) is handled by {@code controller} (added or replaced). */
    public TargetControllers with(String kind, TargetController controller) {
        Map<String, TargetController> copy = new LinkedHashMap<>(byKind);
        copy.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(controller, "controller"));
        return new TargetControllers(copy);
    }

    /** The controller for a {@code targetRef.kind}, if one is registered. */
    public Optional<TargetController> forKind(String kind) {
        Objects.requireNonNull(kind, "kind");
        return Optional.ofNullable(byKind.get(kind.isEmpty() ? Workload.DEPLOYMENT : kind));
    }

    /** The controller for the Canary's target: by {@code kind.group} when one is registered, else by kind. */
    public TargetController forCanary(Canary canary) {
        String kind = Objects.requireNonNullElse(canary.spec().targetRef().kind(), "");
        String group = group(Objects.requireNonNullElse(canary.spec().targetRef().apiVersion(), ""));
        Optional<TargetController> qualified = group.isEmpty() ? Optional.empty() : Optional.ofNullable(byKind.get(kind + "." + group));
        return qualified.or(() -> forKind(kind)).orElseThrow(() -> new InvalidCanarySpecException("canary " + canary.name() + "."
                + canary.namespace() + ": targetRef.kind " + kind + " is not supported, expected one of "
                + byKind.keySet().stream().sorted().toList()));
    }

    /** The API group of an {@code apiVersion}: {@code "apps"} for {@code apps/v1}, empty for the core {@code v1}. */
    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    @Override
    public void initialize(Canary canary) {
        forCanary(canary).initialize(canary);
    }

    @Override
    public Readiness isPrimaryReady(Canary canary) {
        return forCanary(canary).isPrimaryReady(canary);
    }

    @Override
    public Readiness isCanaryReady(Canary canary) {
        return forCanary(canary).isCanaryReady(canary);
    }

    @Override
    public TargetRevision revision(Canary canary) {
        return forCanary(canary).revision(canary);
    }

    @Override
    public boolean hasTargetChanged(Canary canary) {
        return forCanary(canary).hasTargetChanged(canary);
    }

    @Override
    public Optional<String> metricsRoute(Canary canary) {
        return forCanary(canary).metricsRoute(canary);
    }

    @Override
    public void promote(Canary canary) {
        forCanary(canary).promote(canary);
    }

    @Override
    public void scaleToZero(Canary canary) {
        forCanary(canary).scaleToZero(canary);
    }

    @Override
    public void scaleFromZero(Canary canary) {
        forCanary(canary).scaleFromZero(canary);
    }

    @Override
    public void revert(Canary canary) {
        forCanary(canary).revert(canary);
    }
}
