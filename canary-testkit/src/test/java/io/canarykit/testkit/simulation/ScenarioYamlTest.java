package io.canarykit.testkit.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.canarykit.testkit.simulation.ReadinessAnswer.DEADLINE;
import static io.canarykit.testkit.simulation.ReadinessAnswer.NOT_READY;
import static io.canarykit.testkit.simulation.ReadinessAnswer.READY;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioYamlTest {

    @Test
    void readsEveryKeyOfTheDesignExample() {
        Scenario scenario = Scenario.parse("""
                maxTicks: 100
                metrics:
                  error-rate: [0.2, 0.4, 25]
                  latency: [nodata, error, 3]
                webhooks:
                  approve-promotion: [403, 200]
                canaryReady: [false, true]
                primaryReady: [true]
                """, "s.yaml");

        assertThat(scenario.maxTicks()).isEqualTo(100);
        assertThat(scenario.metrics().get("error-rate")).containsExactly(MetricAnswer.of(0.2), MetricAnswer.of(0.4),
                MetricAnswer.of(25));
        assertThat(scenario.metrics().get("latency")).containsExactly(MetricAnswer.NO_DATA, MetricAnswer.ERROR, MetricAnswer.of(3));
        assertThat(scenario.webhooks()).containsEntry("approve-promotion", List.of(403, 200));
        assertThat(scenario.canaryReady()).containsExactly(NOT_READY, READY);
        assertThat(scenario.primaryReady()).containsExactly(READY);
    }

    @Test
    void readsTheChangesAndTheFinalReadiness() {
        Scenario scenario = Scenario.parse("""
                newRevisionAt: [9, 4]
                configChanges:
                  configmap/podinfo-config-env: [1]
                  secret/podinfo-secret-env: 3
                primaryReady: [true, false, deadline]
                canaryReady: DEADLINE
                skipAnalysis: [false, true]
                suspend: [true, false]
                """, "s.yaml");

        assertThat(scenario).isEqualTo(Scenario.defaults().newRevisionAt(4, 9)
                .configChangeAt("configmap/podinfo-config-env", 1).configChangeAt("secret/podinfo-secret-env", 3)
                .primaryReady(READY, NOT_READY, DEADLINE).canaryReady(DEADLINE)
                .skipAnalysis(false, true).suspend(true, false));
        assertThat(scenario.newRevisions()).containsExactly(4, 9);
    }

    @Test
    void newRevisionAtCanBeRepeatedInJava() {
        assertThat(Scenario.defaults().newRevisionAt(5).newRevisionAt(2, 5).newRevisions()).containsExactly(2, 5);
        assertThat(Scenario.defaults().configChangeAt("secret/api", 3).configChangeAt("secret/api", 1).configChanges())
                .containsEntry("secret/api", List.of(1, 3));
    }

    @Test
    void everyKeyIsOptional() {
        assertThat(Scenario.parse("", "empty.yaml")).isEqualTo(Scenario.defaults());
        assertThat(Scenario.parse("maxTicks: 7", "s.yaml")).isEqualTo(Scenario.defaults().withMaxTicks(7));
    }

    @Test
    void emptyDocumentsAndSeparatorsAreFine() {
        assertThat(Scenario.parse("---\nmaxTicks: 7\n---\n", "s.yaml")).isEqualTo(Scenario.defaults().withMaxTicks(7));
        assertThat(Scenario.parse("---\n---\nmaxTicks: 7\n...\n", "s.yaml")).isEqualTo(Scenario.defaults().withMaxTicks(7));
        assertThat(Scenario.parse("# nothing scripted\n---\n", "s.yaml")).isEqualTo(Scenario.defaults());
    }

    @Test
    void aSecondScenarioDocumentIsAnError() {
        // Only one could run: silently taking the first would ignore what the second scripts.
        assertThatThrownBy(() -> Scenario.parse("maxTicks: 7\n---\nmetrics: {error-rate: [20]}\n", "s.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("s.yaml: expected one scenario document, found a second one");
    }

    @Test
    void rejectsTyposAndWrongValuesNamingTheKey() {
        assertThatThrownBy(() -> Scenario.parse("metric:\n  error-rate: [1]", "s.yaml"))
                .hasMessage("s.yaml: metric: unknown key (did you mean \"metrics\"? known: canaryReady, configChanges, maxTicks, "
                        + "metrics, newRevisionAt, primaryReady, skipAnalysis, suspend, traffic, webhooks)");
        assertThatThrownBy(() -> Scenario.parse("newRevisionsAt: [3]", "s.yaml"))
                .hasMessageStartingWith("s.yaml: newRevisionsAt: unknown key (did you mean \"newRevisionAt\"?");
        assertThatThrownBy(() -> Scenario.parse("suspended: [true]", "s.yaml"))
                .hasMessageStartingWith("s.yaml: suspended: unknown key (did you mean \"suspend\"?");
        assertThatThrownBy(() -> Scenario.parse("traffic: {requestPerSecond: 10}", "s.yaml"))
                .hasMessageStartingWith("s.yaml: traffic.requestPerSecond: unknown key (did you mean \"requestsPerSecond\"?");
        assertThatThrownBy(() -> Scenario.parse("answers: {}", "s.yaml"))
                .hasMessageStartingWith("s.yaml: answers: unknown key (known: ");
        assertThatThrownBy(() -> Scenario.parse("metrics:\n  error-rate: [1, lots]", "s.yaml"))
                .hasMessage("s.yaml: metrics.error-rate[1]: expected a number, nodata or error, got \"lots\"");
        assertThatThrownBy(() -> Scenario.parse("webhooks:\n  gate: [200, 42]", "s.yaml"))
                .hasMessage("s.yaml: webhooks.gate[1]: expected an HTTP status (100..599), got 42");
        assertThatThrownBy(() -> Scenario.parse("canaryReady: [yes please]", "s.yaml"))
                .hasMessage("s.yaml: canaryReady[0]: expected true, false or deadline, got \"yes please\"");
        assertThatThrownBy(() -> Scenario.parse("primaryReady: [true, deadlin]", "s.yaml"))
                .hasMessage("s.yaml: primaryReady[1]: expected true, false or deadline, got \"deadlin\"");
        assertThatThrownBy(() -> Scenario.parse("newRevisionAt: [3, -1]", "s.yaml"))
                .hasMessage("s.yaml: newRevisionAt[1]: expected a tick number (0, 1, 2...), got -1");
        // Tick 0 always ships the first new revision: naming it again would ship nothing more.
        assertThatThrownBy(() -> Scenario.parse("newRevisionAt: [0, 3]", "s.yaml"))
                .hasMessage("s.yaml: newRevisionAt: ticks start at 1 (tick 0 always ships a new revision), got 0");
        assertThatThrownBy(() -> Scenario.parse("configChanges: {podinfo-config: [2]}", "s.yaml"))
                .hasMessage("s.yaml: configChanges: \"podinfo-config\" is not a tracked config "
                        + "(expected configmap/<name> or secret/<name>)");
        assertThatThrownBy(() -> Scenario.parse("configChanges: {secret/api: []}", "s.yaml"))
                .hasMessage("s.yaml: configChanges.secret/api: needs at least one entry");
        assertThatThrownBy(() -> Scenario.parse("skipAnalysis: [maybe]", "s.yaml"))
                .hasMessage("s.yaml: skipAnalysis[0]: expected true or false, got \"maybe\"");
        assertThatThrownBy(() -> Scenario.parse("maxTicks: 0", "s.yaml"))
                .hasMessageStartingWith("s.yaml: maxTicks: expected a positive integer");
        assertThatThrownBy(() -> Scenario.parse("metrics: [1]", "s.yaml"))
                .hasMessageStartingWith("s.yaml: metrics: expected a mapping");
    }
}
