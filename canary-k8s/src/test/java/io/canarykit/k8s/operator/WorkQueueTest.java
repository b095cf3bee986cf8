package io.canarykit.k8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    @Test
    void bucketAllowsABurstThenTheRate() {
        TokenBucket bucket = new TokenBucket(10, 2, 0);
        assertThat(bucket.reserve(0)).isZero();
        assertThat(bucket.reserve(0)).isZero();
        assertThat(bucket.reserve(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(bucket.reserve(0)).isEqualTo(Duration.ofMillis(200));
        assertThat(bucket.reserve(Duration.ofSeconds(5).toNanos())).as("refilled, never above the burst").isZero();
        assertThat(bucket.reserve(Duration.ofSeconds(5).toNanos())).isZero();
        assertThat(bucket.reserve(Duration.ofSeconds(5).toNanos())).isEqualTo(Duration.ofMillis(100));
    }
}
