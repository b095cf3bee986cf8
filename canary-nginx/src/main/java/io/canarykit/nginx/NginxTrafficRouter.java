package io.canarykit.nginx;

import io.canarykit.api.BackendException;
import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.LocalObjectReference;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.k8s.CanaryOwners;
import io.canarykit.k8s.KubernetesCalls;
import io.canarykit.k8s.ObjectCache;
import io.canarykit.nginx.internal.AbMatch;
import io.canarykit.nginx.internal.CanaryAnnotations;
import io.canarykit.nginx.internal.CanaryIngressSpec;
import io.canarykit.nginx.internal.WeightPatch;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrafficRouter} for ingress-nginx: Flagger's ingress router, with minimal writes.
 * {@code spec.ingressRef} names the user's Ingress ({@code networking.k8s.io/v1}); the router owns
 * {@code <ingress>-canary}, a copy of its rules, hosts and TLS routing to {@code <service>-canary},
 * annotated {@code canary: "true"} and steered with {@code canary-weight} or, for A/B, the
 * {@code canary-by-header*} / {@code canary-by-cookie} annotations. The user's Ingress is only read.
 *
 * <ul>
 *   <li>{@link #reconcile} creates the canary Ingress, or repairs drift in its spec, labels and the
 *       annotations copied from the user's Ingress, keeping the split in force.</li>
 *   <li>{@link #setRoutes} writes nothing when the split is in force; a weight step is one JSON
 *       Patch of {@code canary-weight}; switching to or from A/B is one PUT with the resourceVersion.</li>
 *   <li>{@link #revert} deletes the canary Ingress it owns (revertOnDeletion).</li>
 * </ul>
 *
 * <p>Reads go through an {@link ObjectCache} (see {@link IngressCaches}); after a conflict the
 * Ingress is read fresh, the change recomputed and written once more. nginx cannot mirror: a
 * mirrored split is written as its weights.
 */
public final class NginxTrafficRouter implements TrafficRouter {

    public static final String PROVIDER = "nginx";

    private static final Logger LOG = LoggerFactory.getLogger(NginxTrafficRouter.class);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final KubernetesClient client;
    private final ObjectCache<Ingress> ingresses;
    private final CanaryAnnotations annotations;

    private NginxTrafficRouter(KubernetesClient client, ObjectCache<Ingress> ingresses, CanaryAnnotations annotations) {
        this.client = Objects.requireNonNull(client, "client");
        this.ingresses = Objects.requireNonNull(ingresses, "ingresses");
        this.annotations = Objects.requireNonNull(annotations, "annotations");
    }

    /** A router that reads Ingresses from {@code ingresses}, with the {@code nginx.ingress.kubernetes.io} annotations. */
    public static NginxTrafficRouter of(KubernetesClient client, ObjectCache<Ingress> ingresses) {
        return of(client, ingresses, CanaryAnnotations.DEFAULT_PREFIX);
    }

    /** A router whose annotations use {@code prefix} (Flagger's {@code -ingress-annotations-prefix}). */
    public static NginxTrafficRouter of(KubernetesClient client, ObjectCache<Ingress> ingresses, String prefix) {
        return new NginxTrafficRouter(client, ingresses, new CanaryAnnotations(prefix));
    }

    /** A router that reads every Ingress from the API server (for tools that run one tick and leave). */
    public static NginxTrafficRouter direct(KubernetesClient client) {
        return of(client, IngressCaches.direct(client));
    }

    /** The name of the Ingress the router owns: {@code <ingressRef.name>-canary}. */
    public static String canaryIngressName(Canary canary) {
        return ingressRef(canary) + "-canary";
    }

    @Override
    public void reconcile(Canary canary) {
        Ingress user = user(canary);
        Optional<Ingress> live = ingresses.get(canary.namespace(), canaryIngressName(canary));
        if (live.isEmpty()) {
            create(canary, user, annotations.initial(map(user.getMetadata().getAnnotations())));
            return;
        }
        repair(canary, user, live.get());
    }

    @Override
    public Routes routes(Canary canary) {
        Ingress live = ingresses.get(canary.namespace(), canaryIngressName(canary)).orElseThrow(() ->
                new BackendException(KubernetesCalls.BACKEND, "Ingress " + dotted(canary) + " not found", true));
        Map<String, String> current = map(live.getMetadata().getAnnotations());
        return annotations.read(current, ab(canary).isPresent()).orElseThrow(() -> new BackendException(
                KubernetesCalls.BACKEND, "Ingress " + dotted(canary) + " has " + annotations.weight() + " \""
                        + current.get(annotations.weight()) + "\", not a weight in 0..100", false));
    }

    @Override
    public void setRoutes(Canary canary, Routes split) {
        Objects.requireNonNull(split, "split");
        Optional<Ingress> live = ingresses.get(canary.namespace(), canaryIngressName(canary));
        if (live.isEmpty()) {
            Ingress user = user(canary);
            create(canary, user, annotations.forSplit(annotations.initial(map(user.getMetadata().getAnnotations())), split,
                    ab(canary)));
            return;
        }
        apply(canary, live.get(), split);
    }

    /**
     * revertOnDeletion: the canary Ingress this Canary owns is deleted, which sends all traffic
     * back to the user's Ingress (garbage collection would delete it with the Canary anyway). The
     * user's Ingress was never changed, so there is nothing else to undo.
     */
    @Override
    public void revert(Canary canary) {
        Optional<Ingress> live = ingresses.get(canary.namespace(), canaryIngressName(canary));
        if (live.isPresent() && CanaryOwners.isOwnedBy(live.get().getMetadata(), canary)) {
            KubernetesCalls.call("delete Ingress " + dotted(canary), () -> client.resource(live.get()).delete());
            LOG.info("canary={}/{} deleted Ingress {}", canary.namespace(), canary.name(), canaryIngressName(canary));
        }
    }

    /** Sets the routing annotations of {@code split}; one retry after a conflict or a failed patch test, on a fresh read. */
    private void apply(Canary canary, Ingress live, Routes split) {
        Ingress current = live;
        for (int attempt = 0; ; attempt++) {
            Map<String, String> have = map(current.getMetadata().getAnnotations());
            Map<String, String> wanted = annotations.forSplit(have, split, ab(canary));
            if (wanted.equals(have)) {
                return;
            }
            boolean weightOnly = weightOnly(have, wanted);
            try {
                if (weightOnly) {
                    String patch = WeightPatch.of(annotations.weight(), have.get(annotations.weight()),
                            wanted.get(annotations.weight()));
                    LOG.debug("canary={}/{} patching Ingress {}: {}", canary.namespace(), canary.name(),
                            canaryIngressName(canary), patch);
                    client.resource(current).patch(PatchContext.of(PatchType.JSON), patch);
                } else {
                    Ingress updated = SERIALIZATION.clone(current);
                    updated.getMetadata().setAnnotations(wanted);
                    // PUT with the resourceVersion read: a concurrent writer makes it fail (409) instead of being overwritten.
                    client.resource(updated).update();
                }
                return;
            } catch (KubernetesClientException e) {
                current = retryOn(canary, e, attempt, weightOnly);
            }
        }
    }

    /** Brings the canary Ingress's spec, labels and copied annotations up to date with the user's Ingress. */
    private void repair(Canary canary, Ingress user, Ingress live) {
        IngressSpec spec = spec(canary, user);
        Ingress current = live;
        for (int attempt = 0; ; attempt++) {
            Map<String, String> labels = merged(current.getMetadata().getLabels(), map(user.getMetadata().getLabels()));
            Map<String, String> have = map(current.getMetadata().getAnnotations());
            Map<String, String> wanted = annotations.repaired(have, map(user.getMetadata().getAnnotations()));
            if (spec.equals(current.getSpec()) && wanted.equals(have) && labels.equals(map(current.getMetadata().getLabels()))) {
                return;
            }
            Ingress updated = SERIALIZATION.clone(current);
            updated.setSpec(spec);
            updated.getMetadata().setLabels(labels);
            updated.getMetadata().setAnnotations(wanted);
            try {
                client.resource(updated).update();
                LOG.info("canary={}/{} repaired drift in Ingress {}", canary.namespace(), canary.name(), canaryIngressName(canary));
                return;
            } catch (KubernetesClientException e) {
                current = retryOn(canary, e, attempt, false);
            }
        }
    }

    private void create(Canary canary, Ingress user, Map<String, String> wantedAnnotations) {
        Ingress ingress = new IngressBuilder().withNewMetadata().withName(canaryIngressName(canary))
                .withNamespace(canary.namespace()).withLabels(map(user.getMetadata().getLabels()))
                .withAnnotations(wantedAnnotations).withOwnerReferences(CanaryOwners.of(canary)).endMetadata()
                .withSpec(spec(canary, user)).build();
        try {
            client.resource(ingress).create();
            LOG.info("canary={}/{} created Ingress {}", canary.namespace(), canary.name(), canaryIngressName(canary));
        } catch (KubernetesClientException e) {
            if (!KubernetesCalls.isAlreadyExists(e)) {
                throw KubernetesCalls.translate("create Ingress " + dotted(canary), e);
            }
            // Created meanwhile (the cache had not seen it yet): bring the existing one up to date.
            Ingress existing = ingresses.fresh(canary.namespace(), canaryIngressName(canary)).orElseThrow(() ->
                    KubernetesCalls.translate("create Ingress " + dotted(canary), e));
            repair(canary, user, existing);
        }
    }

    /** The fresh Ingress to write on after a stale write; any other failure, or a second one, is translated. */
    private Ingress retryOn(Canary canary, KubernetesClientException e, int attempt, boolean testedPatch) {
        if (attempt > 0 || !KubernetesCalls.isStale(e, testedPatch)) {
            throw KubernetesCalls.translate("update Ingress " + dotted(canary), e);
        }
        LOG.warn("canary={}/{} Ingress {} changed while being written, retrying on a fresh read",
                canary.namespace(), canary.name(), canaryIngressName(canary));
        return ingresses.fresh(canary.namespace(), canaryIngressName(canary)).orElseThrow(() ->
                KubernetesCalls.translate("update Ingress " + dotted(canary), e));
    }

    private boolean weightOnly(Map<String, String> have, Map<String, String> wanted) {
        if (!have.containsKey(annotations.weight())) {
            return false;
        }
        Map<String, String> a = new LinkedHashMap<>(have);
        Map<String, String> b = new LinkedHashMap<>(wanted);
        a.remove(annotations.weight());
        b.remove(annotations.weight());
        return a.equals(b);
    }

    private IngressSpec spec(Canary canary, Ingress user) {
        String apex = canary.spec().serviceName();
        return CanaryIngressSpec.of(user.getSpec(), apex, canary.spec().canaryServiceName()).orElseThrow(() ->
                new InvalidCanarySpecException("backend " + apex + " not found in Ingress " + ingressRef(canary) + "."
                        + canary.namespace() + ": no path of its rules routes to the Service " + apex));
    }

    /** The user's Ingress; retryable when missing, since it may be applied after the Canary. */
    private Ingress user(Canary canary) {
        return ingresses.get(canary.namespace(), ingressRef(canary)).orElseThrow(() -> new BackendException(
                KubernetesCalls.BACKEND, "Ingress " + ingressRef(canary) + "." + canary.namespace()
                        + " (spec.ingressRef) not found", true));
    }

    private static Optional<AbMatch> ab(Canary canary) {
        return AbMatch.of(canary.spec().analysisOrDefault().match());
    }

    private static String ingressRef(Canary canary) {
        LocalObjectReference ref = canary.spec().ingressRef();
        if (ref == null || ref.name().isEmpty()) {
            throw new InvalidCanarySpecException("spec.ingressRef is required for provider nginx");
        }
        return ref.name();
    }

    private static Map<String, String> merged(@Nullable Map<String, String> live, Map<String, String> wanted) {
        Map<String, String> out = new LinkedHashMap<>(map(live));
        out.putAll(wanted);
        return out;
    }

    private static Map<String, String> map(@Nullable Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static String dotted(Canary canary) {
        return canaryIngressName(canary) + "." + canary.namespace();
    }
}
