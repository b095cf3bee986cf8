package io.canarykit.testkit.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanaryPhase;
import io.canarykit.api.model.CanaryStatus;
import io.canarykit.api.spi.Routes;
import io.canarykit.testkit.MutableClock;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash at every point: for the reference canary, one run per SPI call of the uninterrupted run,
 * crashing the controller right after that call and restarting a fresh one from what the world
 * kept. Every run must end as the uninterrupted one did:
 * <ul>
 *   <li>the same final phase, stored status and workload (primary template, canary replicas);</li>
 *   <li>the same sequence of splits on the router once consecutive repeats are folded — a repeat is
 *       an idempotent re-apply of a step whose status write the crash prevented, and is counted;
 *       a skipped, extra or reverted split is a divergence;</li>
 *   <li>each split held as long as in the uninterrupted run: a step that a restart advanced early
 *       would be analysed for less than an interval.</li>
 * </ul>
 */
class CrashAtEveryPointTest {

    enum Scenario {
        PROMOTES(Instant.MAX),
        ROLLS_BACK(MutableClock.atEpochOfTests().instant().plus(Duration.ofMinutes(3)));

        final Instant errorsFrom;

        Scenario(Instant errorsFrom) {
            this.errorsFrom = errorsFrom;
        }
    }

    /**
     * The outcome: final phase, final split and workload. The engine's answer to a crash today.
     */
    @ParameterizedTest
    @EnumSource(Scenario.class)
    void aCrashAfterAnySpiCallEndsInTheSameOutcome(Scenario scenario) {
        CrashRun baseline = baseline(scenario);
        List<String> divergences = new ArrayList<>();
        for (int n = 1; n <= baseline.callsBeforeCrash.size(); n++) {
            CrashRun run = CrashRun.of(scenario.errorsFrom, n);
            String at = "crash after call " + n + " (" + baseline.callsBeforeCrash.get(n - 1) + ")";
            if (!run.crashed) {
                divergences.add(at + ": never reached");
            } else if (run.finalPhase != baseline.finalPhase) {
                divergences.add(at + ": final phase " + run.finalPhase + ", expected " + baseline.finalPhase);
            } else if (!run.world.recordingRouter.current().equals(baseline.world.recordingRouter.current())
                    || !Objects.equals(run.world.target.primaryTemplate(), baseline.world.target.primaryTemplate())
                    || run.world.target.canaryReplicas() != baseline.world.target.canaryReplicas()) {
                divergences.add(at + ": ended with split " + run.world.recordingRouter.current() + ", primary "
                        + run.world.target.primaryTemplate() + ", canary replicas " + run.world.target.canaryReplicas());
            }
        }
        System.out.printf("crash-points outcome %s: %d crash points tried, %d divergences%n", scenario,
                baseline.callsBeforeCrash.size(), divergences.size());
        assertThat(divergences).as("runs that ended differently from the uninterrupted one").isEmpty();
    }

    /**
     * The path: no skipped, extra or reverted split, each held as long as without the crash, and the
     * same stored status at the end.
     */
    @ParameterizedTest
    @EnumSource(Scenario.class)
    void aCrashAfterAnySpiCallTakesTheSamePath(Scenario scenario) {
        CrashRun baseline = baseline(scenario);
        int calls = baseline.callsBeforeCrash.size();
        List<String> divergences = new ArrayList<>();
        int repeatedSplits = 0;
        int runsWithRepeats = 0;
        int repeatedPromotions = 0;
        int extraEvents = 0;
        for (int n = 1; n <= calls; n++) {
            CrashRun run = CrashRun.of(scenario.errorsFrom, n);
            String at = "crash after call " + n + " (" + baseline.callsBeforeCrash.get(n - 1) + ")";
            compare(baseline, run).forEach(d -> divergences.add(at + ": " + d));
            int repeats = run.routes().size() - run.distinctRoutes().size();
            repeatedSplits += repeats;
            runsWithRepeats += repeats > 0 ? 1 : 0;
            repeatedPromotions += run.world.target.promotions() - baseline.world.target.promotions();
            extraEvents += run.world.events.events().size() - baseline.world.events.events().size();
        }
        System.out.printf("crash-points path %s: %d crash points tried, %d runs diverged; %d runs re-applied a split "
                + "(%d repeated splits in all), %d repeated promotions, %d extra events%n", scenario, calls,
                divergences.stream().map(d -> d.substring(0, d.indexOf(':'))).distinct().count(), runsWithRepeats, repeatedSplits,
                repeatedPromotions, extraEvents);
        divergences.stream().filter(d -> d.contains("splits")).forEach(System.out::println);
        assertThat(divergences).as("runs whose path differed from the uninterrupted one").isEmpty();
    }

    private static CrashRun baseline(Scenario scenario) {
        CrashRun baseline = CrashRun.of(scenario.errorsFrom, CallCounter.NEVER);
        assertThat(baseline.finalPhase).isEqualTo(scenario == Scenario.PROMOTES ? CanaryPhase.SUCCEEDED : CanaryPhase.FAILED);
        assertThat(baseline.distinctRoutes()).as("the uninterrupted run moved traffic step by step")
                .extracting(Routes::canaryWeight).startsWith(10, 20).endsWith(0);
        assertThat(baseline.callsBeforeCrash.size()).as("SPI calls in the uninterrupted run").isGreaterThan(50);
        return baseline;
    }

    private static List<String> compare(CrashRun baseline, CrashRun run) {
        List<String> differences = new ArrayList<>();
        if (!run.crashed) {
            differences.add("never reached");
        }
        if (run.finalPhase != baseline.finalPhase) {
            differences.add("final phase " + run.finalPhase + ", expected " + baseline.finalPhase);
        }
        if (!run.distinctRoutes().equals(baseline.distinctRoutes())) {
            differences.add("splits " + weights(run.distinctRoutes()) + ", expected " + weights(baseline.distinctRoutes()));
        } else if (!dwellTimes(run).equals(dwellTimes(baseline))) {
            differences.add("splits held for " + dwellTimes(run) + ", expected " + dwellTimes(baseline));
        }
        differences.addAll(fieldDifferences("stored status", stored(run), stored(baseline)));
        return differences;
    }

    /** The components in which two records differ, as {@code what.component actual, expected expected}. */
    private static List<String> fieldDifferences(String what, Record actual, Record expected) {
        List<String> differences = new ArrayList<>();
        for (RecordComponent component : actual.getClass().getRecordComponents()) {
            try {
                Object a = component.getAccessor().invoke(actual);
                Object e = component.getAccessor().invoke(expected);
                if (!Objects.equals(a, e)) {
                    differences.add(what + "." + component.getName() + " " + a + ", expected " + e);
                }
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return differences;
    }

    private static CanaryStatus stored(CrashRun run) {
        return run.world.store.canary(ReferenceWorld.NAMESPACE, ReferenceWorld.NAME).orElseThrow().status();
    }

    private static List<Integer> weights(List<Routes> routes) {
        return routes.stream().map(Routes::canaryWeight).toList();
    }

    /** How long each split stood before the next different one (the last one stands for ever). */
    private static List<Duration> dwellTimes(CrashRun run) {
        List<ReferenceWorld.TimedRoutes> changes = new ArrayList<>();
        for (ReferenceWorld.TimedRoutes applied : run.world.applied) {
            if (changes.isEmpty() || !changes.get(changes.size() - 1).routes().equals(applied.routes())) {
                changes.add(applied);
            }
        }
        List<Duration> dwell = new ArrayList<>();
        for (int i = 0; i + 1 < changes.size(); i++) {
            dwell.add(Duration.between(changes.get(i).at(), changes.get(i + 1).at()));
        }
        return dwell;
    }
}
