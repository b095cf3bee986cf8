package io.canarykit.k8s;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CustomMetadata;
import io.canarykit.api.model.UnmanagedMetadata;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.k8s.CanaryOwners;
import io.canarykit.k8s.internal.SelectorLabels;
import io.canarykit.k8s.internal.ServiceSpecs;
import io.canarykit.k8s.internal.Workload;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flagger's Kubernetes service router: the apex {@code <svc>} and {@code <svc>-primary} Services
 * select the primary pods, {@code <svc>-canary} the canary's; ports (with port discovery),
 * metadata and owner references as Flagger sets them; drift (a hand-edited selector or port) is
 * repaired on the next tick.
 *
 * <p><b>How it plugs into the SPIs.</b> Flagger runs this router on every tick in front of the mesh
 * router, whatever the provider. CanaryKit does the same by composition: this class is a
 * {@link TrafficRouter} whose {@link #reconcile} first reconciles the three Services and then the
 * wrapped mesh router, and whose {@link #routes}/{@link #setRoutes} delegate to the mesh router.
 * For {@code provider: kubernetes} the mesh router is {@link TrafficRouter#NOOP} (Flagger's
 * NopRouter): the apex Service always selects the primary, traffic never shifts, and the engine
 * runs the analysis as blue/green iterations against {@code <svc>-canary}. Register it with the
 * engine per provider, e.g. {@code trafficRouter("kubernetes", KubernetesServiceRouter.of(caches))}.
 */
public final class KubernetesServiceRouter implements TrafficRouter {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesServiceRouter.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Tell GitOps tools not to undo what the router writes (Flagger's router/util.go). */
    static final Map<String, String> TOOLKIT_ANNOTATIONS = Map.of(
            "kustomize.toolkit.fluxcd.io/reconcile", "disabled",
            "helm.toolkit.fluxcd.io/driftDetection", "disabled");
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Entries kept for unchanged Services before the first sweep of deleted canaries' entries. */
    private static final int SWEEP_AT_LEAST = 1024;

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final SelectorLabels selectorLabels;
    private final TrafficRouter mesh;
    /** Per canary, the inputs of its last reconcile that found every Service as wanted. */
    private final Map<String, ServicesInputs> unchanged = new ConcurrentHashMap<>();
    private volatile int sweepAbove = SWEEP_AT_LEAST;

    private KubernetesServiceRouter(KubernetesCaches caches, TrafficRouter mesh, List<String> selectorLabels) {
        this.caches = Objects.requireNonNull(caches, "caches");
        this.client = caches.client();
        this.mesh = Objects.requireNonNull(mesh, "mesh");
        this.selectorLabels = new SelectorLabels(selectorLabels);
    }

    /** The {@code kubernetes} provider: Services only, no traffic shifting. */
    public static KubernetesServiceRouter of(KubernetesCaches caches) {
        return new KubernetesServiceRouter(caches, TrafficRouter.NOOP, SelectorLabels.DEFAULT.keys());
    }

    /** The Services in front of a mesh router (an HTTPRoute, ...), which shifts the traffic. */
    public static KubernetesServiceRouter wrapping(KubernetesCaches caches, TrafficRouter mesh) {
        return new KubernetesServiceRouter(caches, mesh, SelectorLabels.DEFAULT.keys());
    }

    /** A copy that finds the selector label among {@code keys} (Flagger's {@code -selector-labels}). */
    public KubernetesServiceRouter withSelectorLabels(List<String> keys) {
        return new KubernetesServiceRouter(caches, mesh, keys);
    }

    @Override
    public void reconcile(Canary canary) {
        reconcileServices(canary);
        mesh.reconcile(canary);
    }

    /**
     * Creates or repairs the canary, primary and apex Services. Skipped while nothing it reads has
     * changed since it last found all three as wanted: the same Canary spec and uid, the same
     * target version and the same three Service versions give the same Services. A hand edit, a
     * new target template or a spec change each bring a new version, and the repair runs again.
     */
    public void reconcileServices(Canary canary) {
        Workload target = Workload.target(caches, canary);
        var spec = canary.spec();
        ServicesInputs inputs = new ServicesInputs(spec, canary.metadata().uid(), target.object().getMetadata().getResourceVersion(),
                version(canary.namespace(), spec.canaryServiceName()), version(canary.namespace(), spec.primaryServiceName()),
                version(canary.namespace(), spec.serviceName()));
        String key = canary.namespace() + "/" + canary.name();
        if (inputs.isKnown() && inputs.equals(unchanged.get(key))) {
            return;
        }
        SelectorLabels.Selector selector = selectorLabels.of(target);
        List<ServicePort> ports = ServiceSpecs.ports(spec.service(), target.template());
        var service = spec.service();
        boolean wrote = reconcile(canary, spec.canaryServiceName(), selector.key(), selector.value(), ports, service.canaryOrEmpty());
        wrote |= reconcile(canary, spec.primaryServiceName(), selector.key(), selector.primaryValue(), ports, service.primaryOrEmpty());
        wrote |= reconcile(canary, spec.serviceName(), selector.key(), selector.primaryValue(), ports, service.apexOrEmpty());
        if (wrote) {
            unchanged.remove(key);
        } else if (unchanged.put(key, inputs) == null && unchanged.size() > sweepAbove) {
            forgetDeletedCanaries();
        }
    }

    /** Drops the entries of canaries gone from the cache, so that deleted canaries do not accumulate. */
    private synchronized void forgetDeletedCanaries() {
        unchanged.keySet().removeIf(key -> {
            int slash = key.indexOf('/');
            return caches.canaries().get(key.substring(0, slash), key.substring(slash + 1)).isEmpty();
        });
        sweepAbove = Math.max(SWEEP_AT_LEAST, 2 * unchanged.size());
    }

    private @Nullable String version(String namespace, String name) {
        return caches.services().get(namespace, name).map(s -> s.getMetadata().getResourceVersion()).orElse(null);
    }

    /** What the three Services are derived from; versions are null for an object not (yet) in the cache. */
    private record ServicesInputs(CanarySpec spec, @Nullable String canaryUid, @Nullable String targetVersion,
            @Nullable String canaryService, @Nullable String primaryService, @Nullable String apexService) {

        boolean isKnown() {
            return targetVersion != null && canaryService != null && primaryService != null && apexService != null;
        }
    }

    @Override
    public Routes routes(Canary canary) {
        return mesh.routes(canary);
    }

    @Override
    public void setRoutes(Canary canary, Routes routes) {
        mesh.setRoutes(canary, routes);
    }

    /**
     * revertOnDeletion (reference §4.8), then the mesh router's revert. An apex Service the Canary
     * does not own gets back the selector of its {@code kubectl.kubernetes.io/last-applied-configuration};
     * an owned one, or one without that annotation, selects the target's pods ({@code <label>: V}).
     */
    @Override
    public void revert(Canary canary) {
        String ns = canary.namespace();
        String name = canary.spec().serviceName();
        Optional<Service> apex = caches.services().get(ns, name);
        if (apex.isPresent()) {
            Map<String, String> selector = CanaryOwners.isOwnedBy(apex.get().getMetadata().getOwnerReferences(), canary)
                    ? null : lastAppliedSelector(apex.get());
            if (selector == null) {
                SelectorLabels.Selector target = selectorLabels.of(Workload.target(caches, canary));
                selector = Map.of(target.key(), target.value());
            }
            if (!Objects.equals(selector, apex.get().getSpec().getSelector())) {
                Service reverted = SERIALIZATION.clone(apex.get());
                reverted.getSpec().setSelector(selector);
                KubernetesCalls.run("revert service " + ns + "/" + name, () -> client.services().resource(reverted).update());
                LOG.info("canary={}/{} reverted service {} to selector {}", ns, canary.name(), name, selector);
            }
        }
        mesh.revert(canary);
    }

    /** The selector in the last {@code kubectl apply}; null when there is none or it does not parse. */
    private static @Nullable Map<String, String> lastAppliedSelector(Service service) {
        Map<String, String> annotations = service.getMetadata().getAnnotations();
        String applied = annotations == null ? null : annotations.get(LAST_APPLIED);
        if (applied == null || applied.isEmpty()) {
            return null;
        }
        try {
            Service stored = SERIALIZATION.unmarshal(applied, Service.class);
            return stored.getSpec() == null ? null : stored.getSpec().getSelector();
        } catch (RuntimeException e) {
            LOG.warn("service {}/{}: unreadable {} annotation, selecting the target instead", service.getMetadata().getNamespace(),
                    service.getMetadata().getName(), LAST_APPLIED);
            return null;
        }
    }

    /** Creates or repairs one Service; true when it sent a write. */
    private boolean reconcile(Canary canary, String name, String labelKey, String labelValue, List<ServicePort> ports,
            CustomMetadata custom) {
        String ns = canary.namespace();
        Map<String, String> labels = new LinkedHashMap<>(custom.labels());
        labels.put(labelKey, name);
        Map<String, String> annotations = new LinkedHashMap<>(custom.annotations());
        annotations.putAll(TOOLKIT_ANNOTATIONS);
        Map<String, String> selector = Map.of(labelKey, labelValue);
        Optional<Service> existing = caches.services().get(ns, name);
        if (existing.isEmpty()) {
            ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels)
                    .withAnnotations(annotations).withOwnerReferences(CanaryOwners.of(canary)).endMetadata()
                    .withNewSpec().withType("ClusterIP").withSelector(selector).withPorts(ports).endSpec();
            if (canary.spec().service().isHeadless()) {
                b.editSpec().withClusterIP("None").endSpec();
            }
            String distribution = canary.spec().service().trafficDistribution();
            if (distribution != null && !distribution.isEmpty()) {
                b.editSpec().withTrafficDistribution(distribution).endSpec();
            }
            try {
                client.services().resource(b.build()).create();
                LOG.info("canary={}/{} created service {}", ns, canary.name(), name);
            } catch (KubernetesClientException e) {
                if (!KubernetesCalls.isAlreadyExists(e)) {
                    throw KubernetesCalls.translate("create service " + ns + "/" + name, e);
                }
            }
            return true;
        }
        boolean[] wrote = {false};
        KubernetesCalls.writeOnFreshAfterConflict("update service " + ns + "/" + name, existing.get(),
                () -> caches.services().fresh(ns, name), base -> {
                    Service wanted = desired(canary, base, selector, ports, labels, annotations);
                    if (!wanted.equals(base)) {
                        client.services().resource(wanted).update();
                        wrote[0] = true;
                    }
                });
        return wrote[0];
    }

    /** The existing Service with Flagger's overwrites: ports and selector always, metadata only when owned. */
    private static Service desired(Canary canary, Service existing, Map<String, String> selector, List<ServicePort> ports,
            Map<String, String> labels, Map<String, String> annotations) {
        Service wanted = SERIALIZATION.clone(existing);
        if (!sortedPorts(existing.getSpec().getPorts()).equals(sortedPorts(withNodePorts(ports, existing)))) {
            wanted.getSpec().setPorts(withNodePorts(ports, existing));
        }
        if (!selector.equals(existing.getSpec().getSelector())) {
            wanted.getSpec().setSelector(selector);
        }
        if (CanaryOwners.isOwnedBy(existing.getMetadata().getOwnerReferences(), canary)) {
            UnmanagedMetadata unmanaged = canary.spec().service().unmanagedMetadata();
            wanted.getMetadata().setLabels(keepUnmanaged(labels, existing.getMetadata().getLabels(),
                    unmanaged == null ? List.of() : unmanaged.labels()));
            wanted.getMetadata().setAnnotations(keepUnmanaged(annotations, existing.getMetadata().getAnnotations(),
                    unmanaged == null ? List.of() : unmanaged.annotations()));
        }
        return wanted;
    }

    private static List<ServicePort> withNodePorts(List<ServicePort> ports, Service existing) {
        List<ServicePort> result = new ArrayList<>();
        for (ServicePort port : ports) {
            ServicePort copy = SERIALIZATION.clone(port);
            existing.getSpec().getPorts().stream().filter(p -> Objects.equals(p.getName(), port.getName()) && p.getNodePort() != null)
                    .findFirst().ifPresent(p -> copy.setNodePort(p.getNodePort()));
            result.add(copy);
        }
        return result;
    }

    private static List<ServicePort> sortedPorts(List<ServicePort> ports) {
        List<ServicePort> sorted = new ArrayList<>(ports == null ? List.of() : ports);
        sorted.sort(Comparator.comparing(p -> Objects.requireNonNullElse(p.getName(), "")));
        return sorted;
    }

    private static Map<String, String> keepUnmanaged(Map<String, String> wanted, Map<String, String> existing, List<String> keys) {
        Map<String, String> result = new LinkedHashMap<>(wanted);
        if (existing != null) {
            keys.forEach(k -> {
                if (existing.containsKey(k)) {
                    result.put(k, existing.get(k));
                }
            });
        }
        return result;
    }
}
