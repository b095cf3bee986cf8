package io.canarykit.olderjunit;

import static io.canarykit.api.model.CanaryPhase.FAILED;
import static io.canarykit.api.model.CanaryPhase.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TrafficRouter;
import io.canarykit.testkit.FakeTargetController;
import io.canarykit.testkit.RecordingTrafficRouter;
import io.canarykit.testkit.compat.TargetControllerCompatibilityKit;
import io.canarykit.testkit.compat.TrafficRouterCompatibilityKit;
import io.canarykit.testkit.simulation.Scenario;
import io.canarykit.testkit.simulation.Simulation;
import io.canarykit.testkit.simulation.SimulationAssertions;
import io.canarykit.testkit.simulation.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestEngine;

/**
 * canary-testkit used as a user on the oldest supported JUnit Jupiter and AssertJ would use it: a
 * simulation with the timeline assertions, and the compatibility kits (JUnit-driven, AssertJ-asserting)
 * against the testkit's fakes.
 */
class TestkitOnOlderJUnitTest {

    static Simulation checkout;

    @BeforeAll
    static void readTheCanary() throws Exception {
        checkout = Simulation.fromYaml(Path.of(TestkitOnOlderJUnitTest.class.getResource("/checkout.yaml").toURI()));
    }

    @Test
    void runsOnTheOldVersionsThePomAsksFor() throws Exception {
        // The versions come from the jars' manifests: if a newer JUnit or AssertJ slipped onto the test
        // classpath (a parent BOM winning over this module's), this fails instead of proving nothing.
        assertThat(Test.class.getPackage().getImplementationVersion()).as("junit-jupiter-api")
                .isEqualTo(System.getProperty("expected.junit.version"));
        assertThat(TestEngine.class.getPackage().getImplementationVersion()).as("junit-platform-engine, which surefire runs")
                .isEqualTo(System.getProperty("expected.junit.platform.version"));
        // Surefire adds the launcher itself, matched to the platform engine it finds on the test classpath.
        assertThat(Class.forName("org.junit.platform.launcher.Launcher").getPackage().getImplementationVersion())
                .as("junit-platform-launcher, which surefire added").isEqualTo(System.getProperty("expected.junit.platform.version"));
        assertThat(assertjVersion()).as("assertj-core").isEqualTo(System.getProperty("expected.assertj.version"));
    }

    /** AssertJ's manifest has no Implementation-Version; its Maven metadata has the version. */
    private static String assertjVersion() throws IOException {
        Properties pom = new Properties();
        try (InputStream in = Assertions.class.getResourceAsStream("/META-INF/maven/org.assertj/assertj-core/pom.properties")) {
            assertThat(in).as("assertj-core's pom.properties").isNotNull();
            pom.load(in);
        }
        return pom.getProperty("version");
    }

    @Test
    void promotesWhenEveryCheckPasses() {
        Timeline timeline = checkout.run(Scenario.defaults());

        SimulationAssertions.assertThat(timeline).endsIn(SUCCEEDED).hasWeightSteps(10, 20, 30, 0).hasNoFailedChecks();
    }

    @Test
    void rollsBackWhenTheErrorRateFails() {
        Timeline timeline = checkout.run(Scenario.defaults().metric("error-rate", 0.2, 5));

        SimulationAssertions.assertThat(timeline).endsIn(FAILED).hasFailedChecks("error-rate", 2).neverExceedsWeight(20);
        assertThat(timeline.canaryWeights()).endsWith(0);
    }

    @Nested
    class RecordingTrafficRouterPassesTheKit extends TrafficRouterCompatibilityKit {
        @Override
        protected TrafficRouter createRouter() {
            return new RecordingTrafficRouter();
        }
    }

    @Nested
    class FakeTargetControllerPassesTheKit extends TargetControllerCompatibilityKit {
        private final FakeTargetController fake = new FakeTargetController();

        @Override
        protected TargetController createTarget() {
            return fake;
        }

        @Override
        protected void shipNewRevision() {
            fake.shipRevision("v2");
        }
    }
}
