package io.canarykit.k8s;

import io.canarykit.api.model.Canary;
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

    private final KubernetesClient client;
    private final KubernetesCaches caches;
    private final SelectorLabels selectorLabels;
    private final TrafficRouter mesh;

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

    /** Creates or repairs the canary, primary and apex Services. */
    public void reconcileServices(Canary canary) {
        Workload target = Workload.target(caches, canary);
        SelectorLabels.Selector selector = selectorLabels.of(target);
        List<ServicePort> ports = ServiceSpecs.ports(canary.spec().service(), target.template());
        var service = canary.spec().service();
        reconcile(canary, canary.spec().canaryServiceName(), selector.key(), selector.value(), ports, service.canaryOrEmpty());
        reconcile(canary, canary.spec().primaryServiceName(), selector.key(), selector.primaryValue(), ports, service.primaryOrEmpty());
        reconcile(canary, canary.spec().serviceName(), selector.key(), selector.primaryValue(), ports, service.apexOrEmpty());
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

    private void reconcile(Canary canary, String name, String labelKey, String labelValue, List<ServicePort> ports,
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
            return;
        }
        KubernetesCalls.writeOnFreshAfterConflict("update service " + ns + "/" + name, existing.get(),
                () -> caches.services().fresh(ns, name), base -> {
                    Service wanted = desired(canary, base, selector, ports, labels, annotations);
                    if (!wanted.equals(base)) {
                        client.services().resource(wanted).update();
                    }
                });
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
