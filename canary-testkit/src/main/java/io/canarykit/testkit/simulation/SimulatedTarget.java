package io.canarykit.testkit.simulation;

import io.canarykit.api.model.Canary;
import io.canarykit.api.spi.Readiness;
import io.canarykit.api.spi.TargetController;
import io.canarykit.api.spi.TargetRevision;
import io.canarykit.testkit.FakeTargetController;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The workload of a simulation: a canary (the target) and its primary copy, each running a revision
 * ({@code v1}, {@code v2}...) and versions of the tracked configs the scenario names. Readiness
 * follows the scenario per tick (not per call, since one tick may ask more than once); before the
 * first timeline tick (the initialization) everything is ready.
 */
final class SimulatedTarget implements TargetController {

    private final Scenario scenario;
    private final Map<String, Integer> configs = new LinkedHashMap<>();
    private int revision = 1;
    private String primaryRevision = "";
    private Map<String, String> primaryConfigs = Map.of();
    private boolean canaryScaledUp = true;
    private int tick = -1;

    SimulatedTarget(Scenario scenario) {
        this.scenario = scenario;
        // Every config the scenario changes exists from the start, as in Flagger's fixtures.
        scenario.configChanges().keySet().forEach(key -> configs.put(key, 1));
    }

    /** Applies what the scenario changes before tick {@code index}; tick 0 always ships a new revision. */
    void tick(int index) {
        tick = index;
        if (index == 0 || scenario.newRevisions().contains(index)) {
            revision++;
        }
        scenario.configChanges().forEach((key, ticks) -> {
            if (ticks.contains(index)) {
                configs.merge(key, 1, Integer::sum);
            }
        });
    }

    TargetState state() {
        return new TargetState(primaryRevision, primaryConfigs, label(), canaryConfigs(), canaryScaledUp);
    }

    @Override
    public void initialize(Canary canary) {
        if (primaryRevision.isEmpty()) {
            primaryRevision = label();
            primaryConfigs = canaryConfigs();
        }
    }

    @Override
    public Readiness isPrimaryReady(Canary canary) {
        ReadinessAnswer answer = tick < 0 ? ReadinessAnswer.READY : Scenario.at(scenario.primaryReady(), tick);
        // The DaemonSet controller waits for a primary past its deadline, as Flagger does.
        return readiness(answer, canary, canary.spec().primaryTargetName(), "primary", !isDaemonSet(canary));
    }

    @Override
    public Readiness isCanaryReady(Canary canary) {
        ReadinessAnswer answer = tick < 0 ? ReadinessAnswer.READY : Scenario.at(scenario.canaryReady(), tick);
        return readiness(answer, canary, canary.spec().targetRef().name(), "canary", true);
    }

    private static Readiness readiness(ReadinessAnswer answer, Canary canary, String name, String role, boolean deadlineIsFinal) {
        String dotted = name + "." + canary.namespace();
        if (answer == ReadinessAnswer.READY) {
            return Readiness.READY;
        }
        if (answer == ReadinessAnswer.NOT_READY) {
            return Readiness.notReady("Halt advancement " + dotted + " waiting for rollout to finish: " + role
                    + " not ready (scenario)", true);
        }
        return Readiness.notReady(role + " " + dotted + " not ready: " + kind(canary) + " \"" + name
                + "\" exceeded its progress deadline (scenario)", !deadlineIsFinal);
    }

    @Override
    public TargetRevision revision(Canary canary) {
        return new TargetRevision(FakeTargetController.hash(label()), canaryConfigs());
    }

    @Override
    public void promote(Canary canary) {
        primaryRevision = label();
        primaryConfigs = canaryConfigs();
    }

    @Override
    public void scaleToZero(Canary canary) {
        canaryScaledUp = false;
    }

    @Override
    public void scaleFromZero(Canary canary) {
        canaryScaledUp = true;
    }

    @Override
    public void revert(Canary canary) {
        // Deletion is not simulated.
    }

    private String label() {
        return "v" + revision;
    }

    private Map<String, String> canaryConfigs() {
        Map<String, String> versions = new LinkedHashMap<>();
        configs.forEach((key, version) -> versions.put(key, "v" + version));
        return versions;
    }

    private static boolean isDaemonSet(Canary canary) {
        return "DaemonSet".equals(canary.spec().targetRef().kind());
    }

    private static String kind(Canary canary) {
        String kind = canary.spec().targetRef().kind();
        return kind == null || kind.isEmpty() ? "target" : kind.toLowerCase(Locale.ROOT);
    }
}
