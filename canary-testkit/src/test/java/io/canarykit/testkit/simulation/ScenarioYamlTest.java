package io.canarykit.testkit.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(scenario.canaryReady()).containsExactly(false, true);
        assertThat(scenario.primaryReady()).containsExactly(true);
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
                .hasMessage("s.yaml: metric: unknown key (did you mean \"metrics\"? known: canaryReady, maxTicks, metrics, "
                        + "primaryReady, traffic, webhooks)");
        assertThatThrownBy(() -> Scenario.parse("traffic: {requestPerSecond: 10}", "s.yaml"))
                .hasMessageStartingWith("s.yaml: traffic.requestPerSecond: unknown key (did you mean \"requestsPerSecond\"?");
        assertThatThrownBy(() -> Scenario.parse("answers: {}", "s.yaml"))
                .hasMessageStartingWith("s.yaml: answers: unknown key (known: ");
        assertThatThrownBy(() -> Scenario.parse("metrics:\n  error-rate: [1, lots]", "s.yaml"))
                .hasMessage("s.yaml: metrics.error-rate[1]: expected a number, nodata or error, got \"lots\"");
        assertThatThrownBy(() -> Scenario.parse("webhooks:\n  gate: [200, 42]", "s.yaml"))
                .hasMessage("s.yaml: webhooks.gate[1]: expected an HTTP status (100..599), got 42");
        assertThatThrownBy(() -> Scenario.parse("canaryReady: [yes please]", "s.yaml"))
                .hasMessageStartingWith("s.yaml: canaryReady[0]: expected true or false");
        assertThatThrownBy(() -> Scenario.parse("maxTicks: 0", "s.yaml"))
                .hasMessageStartingWith("s.yaml: maxTicks: expected a positive integer");
        assertThatThrownBy(() -> Scenario.parse("metrics: [1]", "s.yaml"))
                .hasMessageStartingWith("s.yaml: metrics: expected a mapping");
    }
}
