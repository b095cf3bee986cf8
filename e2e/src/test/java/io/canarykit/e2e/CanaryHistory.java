package io.canarykit.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/**
 * Every distinct state the API server stored for one Canary's status while it was watched: phase,
 * canary weight, failed checks and iterations, in order. An informer, not a bare watch: it relists
 * after a {@code 410 Gone} (an API server restart) and carries on.
 */
final class CanaryHistory implements AutoCloseable {

    record State(String phase, long canaryWeight, long failedChecks, long iterations) {
        @Override
        public String toString() {
            return phase + "/" + canaryWeight + "%/failed " + failedChecks + "/it " + iterations;
        }
    }

    private final List<State> states = new CopyOnWriteArrayList<>();
    private final SharedIndexInformer<GenericKubernetesResource> informer;

    CanaryHistory(KubernetesClient client, String namespace, String name) {
        this.informer = client.genericKubernetesResources("flagger.app/v1beta1", "Canary").inNamespace(namespace)
                .withName(name).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource canary) {
                        record(canary);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource canary) {
                        record(canary);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource canary, boolean unknown) {
                    }
                });
    }

    private synchronized void record(GenericKubernetesResource canary) {
        Object raw = canary.getAdditionalProperties().get("status");
        if (!(raw instanceof Map<?, ?> status)) {
            return;
        }
        State state = new State(String.valueOf(status.get("phase")), number(status.get("canaryWeight")),
                number(status.get("failedChecks")), number(status.get("iterations")));
        if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
            states.add(state);
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** The canary weights in the order they were stored, consecutive repeats folded. */
    List<Long> weights() {
        List<Long> weights = new java.util.ArrayList<>();
        for (State s : states) {
            if (weights.isEmpty() || !Objects.equals(weights.get(weights.size() - 1), s.canaryWeight())) {
                weights.add(s.canaryWeight());
            }
        }
        return weights;
    }

    /** The phases stored, consecutive repeats folded; a status without a phase has none. */
    List<String> phases() {
        List<String> phases = new java.util.ArrayList<>();
        for (State s : states) {
            if (!"null".equals(s.phase()) && (phases.isEmpty() || !phases.get(phases.size() - 1).equals(s.phase()))) {
                phases.add(s.phase());
            }
        }
        return phases;
    }

    State last() {
        return states.isEmpty() ? new State("", 0, 0, 0) : states.get(states.size() - 1);
    }

    State awaitPhase(String phase, Duration timeout) {
        Awaitility.await("canary phase " + phase + " (history: " + states + ")").atMost(timeout)
                .pollInterval(Duration.ofMillis(200)).until(() -> last().phase().equals(phase));
        return last();
    }

    State awaitWeight(long weight, Duration timeout) {
        Awaitility.await("canary weight " + weight + " (history: " + states + ")").atMost(timeout)
                .pollInterval(Duration.ofMillis(100)).until(() -> last().canaryWeight() >= weight);
        return last();
    }

    @Override
    public void close() {
        informer.close();
    }
}
