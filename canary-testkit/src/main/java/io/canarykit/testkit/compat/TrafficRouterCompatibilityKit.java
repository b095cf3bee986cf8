package io.canarykit.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Routes;
import io.canarykit.api.spi.TrafficRouter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link TrafficRouter} must keep. Extend it in the adapter's tests:
 *
 * <pre>{@code
 * class GatewayApiTrafficRouterCompatibilityTest extends TrafficRouterCompatibilityKit {
 *     protected TrafficRouter createRouter() { return GatewayApiTrafficRouter.direct(K8S.client()); }
 * }
 * }</pre>
 */
public abstract class TrafficRouterCompatibilityKit {

    protected TrafficRouter router;
    protected Canary canary;

    /** A fresh router over an empty backend, once per test. */
    protected abstract TrafficRouter createRouter();

    /** The canary the tests route; override when the backend needs particular names. */
    protected Canary canary() {
        return KitCanaries.web();
    }

    /** Whether the router can mirror traffic (the mirroring test is skipped otherwise). */
    protected boolean supportsMirroring() {
        return true;
    }

    @BeforeEach
    void setUpRouter() {
        router = createRouter();
        canary = canary();
    }

    @Test
    @DisplayName("a freshly reconciled route sends all traffic to the primary")
    void reconcileStartsOnThePrimary() {
        router.reconcile(canary);
        assertThat(router.routes(canary)).isEqualTo(Routes.PRIMARY_ONLY);
    }

    @Test
    @DisplayName("routes read back the split that was set, step by step")
    void routesReadBackEverySplit() {
        router.reconcile(canary);
        for (int weight : new int[] {10, 20, 50, 100, 0}) {
            router.setRoutes(canary, Routes.canaryWeight(weight));
            assertThat(router.routes(canary)).as("after setting canary weight %s", weight).isEqualTo(Routes.canaryWeight(weight));
        }
    }

    @Test
    @DisplayName("setting the same split twice is idempotent")
    void setRoutesIsIdempotent() {
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(30));
        router.setRoutes(canary, Routes.canaryWeight(30));
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(30));
    }

    @Test
    @DisplayName("reconcile never changes the weights of a running analysis")
    void reconcileKeepsWeights() {
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(40));
        router.reconcile(canary);
        assertThat(router.routes(canary)).isEqualTo(Routes.canaryWeight(40));
    }

    @Test
    @DisplayName("a mirrored split reads back as mirrored")
    void mirroringReadsBack() {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsMirroring(), "this router does not mirror traffic");
        router.reconcile(canary);
        router.setRoutes(canary, new Routes(100, 0, true));
        assertThat(router.routes(canary)).isEqualTo(new Routes(100, 0, true));
    }

    @Test
    @DisplayName("revert after reconcile completes without error")
    void revertCompletes() {
        router.reconcile(canary);
        router.setRoutes(canary, Routes.canaryWeight(10));
        assertThatCode(() -> router.revert(canary)).doesNotThrowAnyException();
    }
}
