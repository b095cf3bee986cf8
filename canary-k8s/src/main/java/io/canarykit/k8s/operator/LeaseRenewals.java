package io.canarykit.k8s.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Lease lock as the elector uses it, remembering when this replica last acquired or renewed
 * the Lease. A write counts from the instant it was sent (the conservative end: the API server
 * accepted it no earlier), by the operator's clock. The ticker asks {@link #isFresh} before every
 * tick: a partitioned leader cannot renew, so it stops ticking once its last renewal is
 * {@code renewDeadline} old, before {@code leaseDuration} lets another replica take the Lease.
 */
final class LeaseRenewals implements Lock {

    private final Lock delegate;
    private final Clock clock;
    private final Duration renewDeadline;
    private volatile @Nullable Instant lastRenewal;

    LeaseRenewals(Lock delegate, Clock clock, Duration renewDeadline) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.renewDeadline = Objects.requireNonNull(renewDeadline, "renewDeadline");
    }

    @Override
    public @Nullable LeaderElectionRecord get(KubernetesClient client) {
        return delegate.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        Instant sent = clock.instant();
        delegate.create(client, record);
        renewed(record, sent);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        Instant sent = clock.instant();
        delegate.update(client, record);
        renewed(record, sent);
    }

    private void renewed(LeaderElectionRecord record, Instant sent) {
        // A release (an empty holder) is a write of ours but no renewal.
        if (identity().equals(record.getHolderIdentity())) {
            lastRenewal = sent;
        }
    }

    @Override
    public String identity() {
        return delegate.identity();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    /** When this replica last acquired or renewed the Lease; empty if it never did. */
    Optional<Instant> lastRenewal() {
        return Optional.ofNullable(lastRenewal);
    }

    /** Whether the last renewal is younger than {@code renewDeadline} at {@code now}. */
    boolean isFresh(Instant now) {
        Instant last = lastRenewal;
        return last != null && Duration.between(last, now).compareTo(renewDeadline) < 0;
    }
}
