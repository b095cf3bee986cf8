package io.canarykit.k8s;

import io.canarykit.api.BackendException;
import io.canarykit.api.ConflictException;
import io.canarykit.api.model.AlertProvider;
import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.CanaryStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CanaryStore} on the Kubernetes API: reads from the caches, status writes as a PUT on the
 * status subresource carrying the resourceVersion the canary was read at.
 *
 * <p>On a conflict the store re-reads the Canary. If its status is still the one the caller read
 * (only spec or metadata moved, e.g. a user edited the manifest), the status is ours to write and is
 * written again on the new resourceVersion (a few times: a conflict storm is ridden out within the
 * tick, see {@link StatusWriteRetry}). If someone else changed the status, writing ours would lose
 * their update: the store throws {@link ConflictException} so the driver recomputes the tick.
 * Server errors and throttling are retried with backoff, honouring {@code Retry-After}.
 */
public final class KubernetesCanaryStore implements CanaryStore {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesCanaryStore.class);
    private static final int CONFLICT = 409;
    private static final String KIND = "Canary";

    private final KubernetesCaches caches;
    private final StatusWriteRetry retry;

    /**
     * Canaries decoded from the informer's resources. A steady tick reads the canary its previous
     * write stored; decoding it again (a clone, a JSON rendering and the manifest reader) was a fifth
     * of the operator's CPU per tick.
     */
    private final PerResourceVersion<GenericKubernetesResource, Canary> decoded = new PerResourceVersion<>(CanaryResources::toCanary);
    /** Templates and alert providers, read by every analysis tick that uses them and changed rarely, decoded once per version too. */
    private final PerResourceVersion<GenericKubernetesResource, MetricTemplate> templates =
            new PerResourceVersion<>(CanaryResources::toMetricTemplate);
    private final PerResourceVersion<GenericKubernetesResource, AlertProvider> alertProviders =
            new PerResourceVersion<>(CanaryResources::toAlertProvider);

    private KubernetesCanaryStore(KubernetesCaches caches, StatusWriteRetry retry) {
        this.caches = Objects.requireNonNull(caches, "caches");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /** A store retrying status writes as {@link StatusWriteRetry#DEFAULT} says. */
    public static KubernetesCanaryStore of(KubernetesCaches caches) {
        return of(caches, StatusWriteRetry.DEFAULT);
    }

    public static KubernetesCanaryStore of(KubernetesCaches caches, StatusWriteRetry retry) {
        return new KubernetesCanaryStore(caches, retry);
    }

    @Override
    public Optional<Canary> canary(String namespace, String name) {
        return decoded.ofPresent(namespace, name, caches.canaries().get(namespace, name));
    }

    @Override
    public Optional<MetricTemplate> metricTemplate(String namespace, String name) {
        return templates.ofPresent(namespace, name, caches.metricTemplates().get(namespace, name));
    }

    @Override
    public Optional<AlertProvider> alertProvider(String namespace, String name) {
        return alertProviders.ofPresent(namespace, name, caches.alertProviders().get(namespace, name));
    }

    /**
     * Writes {@code status} on the resourceVersion {@code canary} was read at, retrying as the
     * {@link StatusWriteRetry} says. A conflict whose fresh read shows the status we are writing
     * means an earlier attempt of ours was applied and only its answer was lost: that is success.
     */
    @Override
    public Canary updateStatus(Canary canary, CanaryStatus status) {
        String ns = canary.namespace();
        String name = canary.name();
        String what = "update status of canary " + ns + "/" + name;
        Map<String, Object> tree = CanaryResources.statusTree(status);
        // The stored Canary the caller read, when the cache still holds it: what the write is based on.
        Canary basis = caches.canaries().get(ns, name)
                .filter(r -> Objects.equals(r.getMetadata().getResourceVersion(), canary.metadata().resourceVersion()))
                .map(decoded::of).orElse(canary);
        int conflicts = 0;
        int failures = 0;
        while (true) {
            try {
                return write(basis, status, tree);
            } catch (KubernetesClientException e) {
                if (e.getCode() == CONFLICT) {
                    GenericKubernetesResource fresh = caches.canaries().fresh(ns, name)
                            .orElseThrow(() -> new ConflictException(KubernetesCalls.BACKEND, what + ": the canary was deleted", e));
                    Canary stored = decoded.of(fresh);
                    CanaryStatus current = stored.status();
                    if (current.equals(status)) {
                        return stored;
                    }
                    if (!current.equals(canary.status())) {
                        throw new ConflictException(KubernetesCalls.BACKEND, what + ": the status changed since it was read", e);
                    }
                    if (conflicts++ >= retry.conflictRetries()) {
                        throw new ConflictException(KubernetesCalls.BACKEND, what + ": " + conflicts + " conflicts in a row", e);
                    }
                    basis = stored;
                    continue;
                }
                BackendException failure = KubernetesCalls.translate(what, e);
                Optional<Duration> wait = failure.retryable() ? retry.waitAfter(++failures, retryAfter(e)) : Optional.empty();
                if (wait.isEmpty()) {
                    throw failure;
                }
                LOG.warn("canary={}/{} status write failed (attempt {} of {}), retrying in {}: {}", ns, name, failures,
                        retry.attempts(), wait.get(), failure.getMessage());
                try {
                    retry.sleeper().sleep(wait.get());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }

    /** The server's {@code Retry-After}, which the API server also puts in the Status details of a 429. */
    private static Optional<Duration> retryAfter(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus()).map(Status::getDetails).map(StatusDetails::getRetryAfterSeconds)
                .filter(seconds -> seconds > 0).map(Duration::ofSeconds);
    }

    /**
     * PUTs the status alone on {@code basis}' resourceVersion. The status subresource takes
     * everything but the status from the stored object (the API server's status strategy copies
     * it), so the body need not carry the spec: serialising and cloning the whole Canary for every
     * write was the largest part of a steady tick's CPU.
     */
    private Canary write(Canary basis, CanaryStatus status, Map<String, Object> tree) {
        GenericKubernetesResource body = new GenericKubernetesResourceBuilder()
                .withApiVersion(caches.group().apiVersion()).withKind(KIND)
                .withNewMetadata().withNamespace(basis.namespace()).withName(basis.name())
                .withResourceVersion(basis.metadata().resourceVersion()).endMetadata()
                .build();
        body.setAdditionalProperty("status", tree);
        GenericKubernetesResource written = caches.client().genericKubernetesResources(caches.group().canaries())
                .resource(body).updateStatus();
        if (!tree.equals(written.getAdditionalProperties().get("status"))) {
            // The server changed what we sent (its schema pruned or defaulted a field): read what it stored.
            return decoded.of(written);
        }
        // Stored as sent, on the object the write was based on: decoding the answer would give exactly this.
        Canary stored = basis.withMetadata(basis.metadata().withResourceVersion(written.getMetadata().getResourceVersion()))
                .withStatus(status);
        decoded.remember(written, stored);
        return stored;
    }
}
