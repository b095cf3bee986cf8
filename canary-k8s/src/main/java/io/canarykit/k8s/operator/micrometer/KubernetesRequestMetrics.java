package io.canarykit.k8s.operator.micrometer;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Counts the operator's requests to the Kubernetes API as the API server names them:
 * {@code canarykit_kubernetes_requests_total{verb, resource, subresource, code}}, with the verbs
 * {@code get}, {@code list}, {@code watch}, {@code create}, {@code update}, {@code patch} and
 * {@code delete} (the labels of the server's own {@code apiserver_request_total}). controller-runtime
 * and client-go export the same count as {@code rest_client_requests_total}, by method and code only;
 * by verb and resource it answers "what does a tick cost the API server", and shows a hot loop at once.
 * Every attempt is counted, retries included; a request that got no response counts with code
 * {@code <error>}.
 */
public final class KubernetesRequestMetrics implements Interceptor {

    static final String NAME = "canarykit.kubernetes.requests";
    private static final String INTERCEPTOR_NAME = "canarykit-request-metrics";

    private final MeterRegistry registry;

    private KubernetesRequestMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Adds the count to the clients {@code builder} builds. */
    public static KubernetesClientBuilder countingRequests(KubernetesClientBuilder builder, MeterRegistry registry) {
        KubernetesRequestMetrics metrics = new KubernetesRequestMetrics(registry);
        return builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor(INTERCEPTOR_NAME, metrics));
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        count(request, Integer.toString(response.code()));
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        count(request, "<error>");
    }

    private void count(HttpRequest request, String code) {
        ApiRequest api = ApiRequest.of(request.method(), request.uri());
        Counter.builder(NAME).description("Requests to the Kubernetes API, by verb and resource as the API server names them")
                .tag("verb", api.verb()).tag("resource", api.resource()).tag("subresource", api.subresource()).tag("code", code)
                .register(registry).increment();
    }

    /** A request's verb, resource and subresource, read from its method and path as the API server reads them. */
    record ApiRequest(String verb, String resource, String subresource) {

        static ApiRequest of(String method, URI uri) {
            String[] parts = uri.getRawPath().replaceAll("^/+|/+$", "").split("/");
            // /api/v1/... or /apis/<group>/<version>/...; anything else (discovery, /version) is not a resource.
            int start = parts.length > 0 && parts[0].equals("api") ? 2 : parts.length > 0 && parts[0].equals("apis") ? 3 : -1;
            if (start < 0 || parts.length <= start) {
                return new ApiRequest(method.toLowerCase(java.util.Locale.ROOT), "", "");
            }
            int at = start;
            if (parts[at].equals("namespaces") && parts.length > at + 2) {
                at += 2;
            }
            String resource = parts[at];
            boolean named = parts.length > at + 1;
            String subresource = parts.length > at + 2 ? parts[at + 2] : "";
            boolean watch = uri.getRawQuery() != null && uri.getRawQuery().matches("(.*&)?watch=(true|1)(&.*)?");
            String verb = switch (method) {
                case "GET" -> watch ? "watch" : named ? "get" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> method.toLowerCase(java.util.Locale.ROOT);
            };
            return new ApiRequest(verb, resource, subresource);
        }
    }
}
