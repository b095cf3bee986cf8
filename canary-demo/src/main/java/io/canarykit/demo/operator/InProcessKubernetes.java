package io.canarykit.demo.operator;

import io.canarykit.testkit.k8s.ApiRequest;
import io.canarykit.testkit.k8s.RequestCounts;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process Kubernetes API: fabric8's mock server in CRUD mode on a loopback port, with the
 * given CRDs registered (status subresources honoured), and two clients that tell the server who
 * is speaking through their User-Agent: the operator's and the demo's own (which plays the
 * Deployment and gateway controllers). {@link #drainOperatorRequests} counts only the former.
 * Neither client retries ({@code requestRetryBackoffLimit=0}), so the counts are exact.
 */
final class InProcessKubernetes implements AutoCloseable {

    static final String OPERATOR_AGENT = "canarykit-operator";
    static final String DEMO_AGENT = "canarykit-demo-controllers";

    // Strong references: JUL keeps loggers weakly, and a level set on a collected logger is lost.
    private static final List<Logger> QUIETED = List.of(
            Logger.getLogger("io.fabric8.mockwebserver"),
            Logger.getLogger("io.fabric8.kubernetes.client.server.mock"));

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient operator;
    private final NamespacedKubernetesClient demo;

    private InProcessKubernetes(KubernetesMockServer server) {
        this.server = server;
        this.operator = client(server, OPERATOR_AGENT);
        this.demo = client(server, DEMO_AGENT);
    }

    /** Starts the server and registers {@code crds} (as a real API server would serve them). */
    static InProcessKubernetes start(List<CustomResourceDefinition> crds) {
        QUIETED.forEach(l -> l.setLevel(Level.WARNING));
        Map<ServerRequest, Queue<ServerResponse>> responses = Collections.synchronizedMap(new HashMap<>());
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
        InProcessKubernetes api = new InProcessKubernetes(server);
        try {
            for (CustomResourceDefinition crd : crds) {
                server.expectCustomResource(CustomResourceDefinitionContext.fromCrd(crd));
                // Created as well, so that discovery (generic resources by apiVersion and kind) answers.
                api.demo.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        api.drainOperatorRequests();
        return api;
    }

    private static NamespacedKubernetesClient client(KubernetesMockServer server, String agent) {
        return server.createClient(builder -> builder.editOrNewConfig().withUserAgent(agent).withRequestRetryBackoffLimit(0)
                .endConfig());
    }

    /** The client the operator runs with. */
    KubernetesClient operatorClient() {
        return operator;
    }

    /** The demo's own client: its requests are never counted as the operator's. */
    KubernetesClient demoClient() {
        return demo;
    }

    /**
     * The requests the operator sent since the last drain, without informer watches (long-running
     * GETs that belong to no tick). Everything else received meanwhile is forgotten.
     */
    RequestCounts drainOperatorRequests() {
        List<ApiRequest> requests = new ArrayList<>();
        try {
            // The server records a request before it answers it: whatever the clients got an answer to is here.
            for (RecordedRequest r = server.takeRequest(1, TimeUnit.MILLISECONDS); r != null;
                    r = server.takeRequest(1, TimeUnit.MILLISECONDS)) {
                String agent = r.getHeader("User-Agent");
                if (agent != null && agent.startsWith(OPERATOR_AGENT)) {
                    requests.add(new ApiRequest(r.getMethod(), r.getPath()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the request log", e);
        }
        return new RequestCounts(requests).withoutWatches();
    }

    @Override
    public void close() {
        operator.close();
        demo.close();
        server.destroy();
    }
}
