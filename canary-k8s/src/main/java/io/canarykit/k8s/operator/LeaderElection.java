package io.canarykit.k8s.operator;

import java.time.Duration;
import java.util.Objects;

/**
 * Leader election on a {@code coordination.k8s.io/v1} Lease. Only the holder ticks canaries. The
 * holder renews every {@code retryPeriod}; when it cannot renew for {@code renewDeadline} it stops
 * leading and drains its ticks, and no other replica can take the Lease before
 * {@code leaseDuration} has passed since the last renewal, so the drain (bounded by the tick
 * deadline) must fit in {@code leaseDuration - renewDeadline}: the operator's builder checks it.
 */
public record LeaderElection(String namespace, String leaseName, String identity, Duration leaseDuration,
        Duration renewDeadline, Duration retryPeriod) {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(3);

    public LeaderElection {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(leaseName, "leaseName");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewDeadline, "renewDeadline");
        Objects.requireNonNull(retryPeriod, "retryPeriod");
        if (namespace.isEmpty() || leaseName.isEmpty() || identity.isEmpty()) {
            throw new IllegalArgumentException("namespace, leaseName and identity must not be empty");
        }
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("leaseDuration " + leaseDuration + " must exceed renewDeadline " + renewDeadline);
        }
        // fabric8 jitters the retry period by up to 1.2 times more and requires
        // renewDeadline > retryPeriod + 1.2 x retryPeriod; checked here rather than when the elector starts.
        if (renewDeadline.compareTo(retryPeriod.multipliedBy(22).dividedBy(10)) <= 0) {
            throw new IllegalArgumentException("renewDeadline " + renewDeadline + " must exceed 2.2 x retryPeriod " + retryPeriod);
        }
    }

    /** The Lease {@code namespace/leaseName}, held as {@code identity} (e.g. the pod name), with default timings. */
    public static LeaderElection of(String namespace, String leaseName, String identity) {
        return new LeaderElection(namespace, leaseName, identity, DEFAULT_LEASE_DURATION, DEFAULT_RENEW_DEADLINE,
                DEFAULT_RETRY_PERIOD);
    }

    public LeaderElection withTimings(Duration lease, Duration renew, Duration retry) {
        return new LeaderElection(namespace, leaseName, identity, lease, renew, retry);
    }

    /** How long a replica that lost the Lease has to drain its ticks before another may start. */
    public Duration handOverBudget() {
        return leaseDuration.minus(renewDeadline);
    }
}
