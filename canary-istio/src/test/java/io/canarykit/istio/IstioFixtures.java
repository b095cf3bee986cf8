package io.canarykit.istio;

import io.canarykit.api.model.Canary;
import io.canarykit.core.manifest.ManifestReader;
import io.canarykit.istio.internal.Trees;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canaries ported from Flagger's router tests ({@code pkg/router/router_test.go}: {@code newTestCanary},
 * {@code newTestABTest}, {@code newTestCanaryTCP}) and helpers to read the Istio objects back.
 */
final class IstioFixtures {

    static final String NS = "default";
    static final String UID = "3f1c2a6e-0000-4000-8000-000000000003";

    private IstioFixtures() {
    }

    /** Flagger's {@code newTestCanary}: headers, CORS, a service match, retries, two gateways, portDiscovery. */
    static Canary podinfo() {
        return canary("""
                  service:
                    port: 9898
                    portDiscovery: true
                    appProtocol: http
                    headers:
                      request:
                        add:
                          x-envoy-upstream-rq-timeout-ms: "15000"
                        remove: [test]
                      response:
                        remove: [token]
                    corsPolicy:
                      allowMethods: [GET, POST]
                    match:
                      - name: podinfo
                        uri:
                          prefix: /podinfo
                        method:
                          exact: GET
                        ignoreUriCase: true
                    retries:
                      attempts: 10
                      perTryTimeout: 30s
                      retryOn: connect-failure,gateway-error
                    gateways:
                      - istio/public-gateway
                      - mesh
                  analysis:
                    threshold: 10
                    stepWeight: 10
                    maxWeight: 50
                """);
    }

    /** Flagger's {@code newTestABTest}: canary {@code abtest}, port 9898, A/B on {@code x-user-type: test}. */
    static Canary abtest() {
        return parse("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: abtest
                  namespace: default
                  uid: %s
                spec:
                  provider: istio
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: abtest
                  service:
                    port: 9898
                    meshName: global
                  analysis:
                    threshold: 10
                    iterations: 2
                    match:
                      - headers:
                          x-user-type:
                            exact: test
                """.formatted(UID));
    }

    /** Flagger's {@code newTestCanaryTCP}: appProtocol TCP, an L4 match on port 9898. */
    static Canary tcp() {
        return canary("""
                  service:
                    port: 9898
                    portDiscovery: true
                    appProtocol: TCP
                    match:
                      - port: 9898
                    gateways:
                      - istio/public-gateway
                      - mesh
                  analysis:
                    threshold: 10
                    stepWeight: 10
                    maxWeight: 50
                """);
    }

    /** A {@code podinfo} canary in {@code default} with the given {@code service:} and {@code analysis:} blocks (indented two spaces). */
    static Canary canary(String serviceAndAnalysis) {
        return parse("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata:
                  name: podinfo
                  namespace: default
                  uid: %s
                spec:
                  provider: istio
                  targetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: podinfo
                %s
                """.formatted(UID, serviceAndAnalysis));
    }

    static Canary parse(String yaml) {
        return (Canary) ManifestReader.read(yaml, "fixture").resourcesOrThrow().get(0);
    }

    static GenericKubernetesResource virtualService(KubernetesClient client, String name) {
        return client.genericKubernetesResources(IstioResources.virtualServices()).inNamespace(NS).withName(name).get();
    }

    static GenericKubernetesResource destinationRule(KubernetesClient client, String name) {
        return client.genericKubernetesResources(IstioResources.destinationRules()).inNamespace(NS).withName(name).get();
    }

    static Map<String, Object> spec(GenericKubernetesResource resource) {
        return IstioResources.spec(resource);
    }

    static List<Map<String, Object>> http(GenericKubernetesResource vs) {
        return routes(vs, "http");
    }

    static List<Map<String, Object>> routes(GenericKubernetesResource vs, String kind) {
        List<Map<String, Object>> out = new ArrayList<>();
        Trees.list(spec(vs).get(kind)).forEach(r -> out.add(Trees.map(r)));
        return out;
    }

    /** The destinations of a route as {@code host=weight}. */
    static List<String> weights(Map<String, Object> route) {
        List<String> out = new ArrayList<>();
        for (Object d : Trees.list(route.get("route"))) {
            Map<String, Object> destination = Trees.map(d);
            out.add(Trees.string(Trees.map(destination.get("destination")).get("host")) + "=" + destination.get("weight"));
        }
        return out;
    }

    /** The destination of {@code route} on {@code host}. */
    static Map<String, Object> destination(Map<String, Object> route, String host) {
        return Trees.list(route.get("route")).stream().map(Trees::map)
                .filter(d -> host.equals(Trees.map(d.get("destination")).get("host"))).findFirst().orElseThrow();
    }

    /** A value at a path of maps (and list indexes), or null. */
    static Object at(Object tree, Object... path) {
        Object node = tree;
        for (Object key : path) {
            node = key instanceof Integer i ? (Trees.list(node).size() > i ? Trees.list(node).get(i) : null) : Trees.map(node).get(key);
        }
        return node;
    }
}
