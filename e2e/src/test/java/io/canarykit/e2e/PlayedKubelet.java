package io.canarykit.e2e;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the kubelet, the one part of a node this cluster lacks (there is no scheduler and no
 * container runtime either): every Pod is reported running and Ready through
 * the {@code pods/status} subresource — a JSON merge patch, as the kubelet's status manager writes
 * it. Everything above the Pod is real: the ReplicaSet and Deployment controllers of the real
 * kube-controller-manager count the Ready pods into {@code readyReplicas}, {@code availableReplicas}
 * and the {@code Available} condition the operator reads. Ready pods start serving
 * {@link PodTraffic}; deleted ones stop.
 */
final class PlayedKubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PlayedKubelet.class);
    /** The container variable that says which fraction of requests the played application answers with 500. */
    static final String ERROR_RATE = "ERROR_RATE";

    private final KubernetesClient client;
    private final PodTraffic traffic;
    private final SharedIndexInformer<Pod> informer;

    PlayedKubelet(KubernetesClient client, PodTraffic traffic) {
        this.client = client;
        this.traffic = traffic;
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                reconcile(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                reconcile(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                traffic.remove(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
            }
        });
    }

    private void reconcile(Pod pod) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            traffic.remove(namespace, name);
            return;
        }
        if (!ready(pod)) {
            String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
            String container = pod.getSpec().getContainers().get(0).getName();
            String image = pod.getSpec().getContainers().get(0).getImage();
            String status = """
                    {"status": {"phase": "Running", "podIP": "10.1.0.1", "startTime": "%1$s",
                      "conditions": [
                        {"type": "PodScheduled", "status": "True", "lastTransitionTime": "%1$s"},
                        {"type": "Initialized", "status": "True", "lastTransitionTime": "%1$s"},
                        {"type": "ContainersReady", "status": "True", "lastTransitionTime": "%1$s"},
                        {"type": "Ready", "status": "True", "lastTransitionTime": "%1$s"}],
                      "containerStatuses": [{"name": "%2$s", "image": "%3$s", "imageID": "", "ready": true,
                        "started": true, "restartCount": 0, "state": {"running": {"startedAt": "%1$s"}}}]}}
                    """.formatted(now, container, image);
            try {
                client.pods().inNamespace(namespace).withName(name).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON_MERGE), status);
            } catch (RuntimeException e) {
                LOG.info("pod {}/{} not marked ready (deleted meanwhile?): {}", namespace, name, e.getMessage());
            }
            return;
        }
        traffic.serve(namespace, name, errorRate(pod));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && Optional.ofNullable(pod.getStatus().getConditions()).orElse(List.of()).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static double errorRate(Pod pod) {
        return Optional.ofNullable(pod.getSpec().getContainers().get(0).getEnv()).orElse(List.of()).stream()
                .filter(e -> ERROR_RATE.equals(e.getName())).map(EnvVar::getValue).findFirst().map(Double::parseDouble).orElse(0.0);
    }

    @Override
    public void close() {
        informer.close();
    }
}
