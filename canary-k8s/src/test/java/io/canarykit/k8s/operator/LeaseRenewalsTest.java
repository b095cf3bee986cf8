package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.testkit.MutableClock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class LeaseRenewalsTest {

    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(15);

    private final MutableClock clock = MutableClock.atEpochOfTests();
    private final FakeLock lock = new FakeLock();
    private final LeaseRenewals renewals = new LeaseRenewals(lock, clock, RENEW_DEADLINE);

    private static LeaderElectionRecord held(String holder) {
        ZonedDateTime now = ZonedDateTime.parse("2025-01-01T00:00:00Z");
        return new LeaderElectionRecord(holder, Duration.ofSeconds(30), now, now, 0);
    }

    @Test
    void freshUntilTheRenewDeadlineAfterTheLastRenewal() {
        assertThat(renewals.isFresh(clock.instant())).as("never renewed").isFalse();
        renewals.create(null, held("me"));
        clock.add(RENEW_DEADLINE.minusMillis(1));
        assertThat(renewals.isFresh(clock.instant())).isTrue();
        clock.add(Duration.ofMillis(1));
        assertThat(renewals.isFresh(clock.instant())).isFalse();

        renewals.update(null, held("me"));
        assertThat(renewals.isFresh(clock.instant())).as("renewed").isTrue();
    }

    @Test
    void neitherAReleaseNorAFailedWriteIsARenewal() {
        renewals.update(null, held("me"));
        clock.add(RENEW_DEADLINE);
        renewals.update(null, held(""));
        lock.failing = true;
        assertThatThrownBy(() -> renewals.update(null, held("me"))).isInstanceOf(KubernetesClientException.class);
        assertThat(renewals.isFresh(clock.instant())).isFalse();
        assertThat(lock.writes).isEqualTo(2);
    }

    private static final class FakeLock implements Lock {
        boolean failing;
        int writes;

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            return held("me");
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            update(client, record);
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            if (failing) {
                throw new KubernetesClientException("partitioned");
            }
            writes++;
        }

        @Override
        public String identity() {
            return "me";
        }

        @Override
        public String describe() {
            return "fake";
        }
    }
}
