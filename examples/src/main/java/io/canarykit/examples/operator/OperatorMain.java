package io.canarykit.examples.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarykit.gatewayapi.GatewayApiOperator;
import io.canarykit.gatewayapi.GatewayApiVersion;
import io.canarykit.istio.IstioOperator;
import io.canarykit.k8s.alert.ChatDestination;
import io.canarykit.k8s.alert.ChatNotifier;
import io.canarykit.k8s.operator.CanaryOperator;
import io.canarykit.k8s.operator.LeaderElection;
import io.canarykit.k8s.operator.micrometer.FlaggerScrape;
import io.canarykit.k8s.operator.micrometer.KubernetesRequestMetrics;
import io.canarykit.k8s.operator.micrometer.MicrometerOperatorMetrics;
import io.canarykit.knative.KnativeOperator;
import io.canarykit.linkerd.SmiOperator;
import io.canarykit.linkerd.SmiProvider;
import io.canarykit.linkerd.SmiVersion;
import io.canarykit.nginx.NginxOperator;
import io.canarykit.prometheus.PrometheusBuiltinMetrics;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CanaryKit operator as a process: watches Canaries, ticks them, serves Prometheus metrics on
 * {@code /metrics} (Flagger's controller metrics, the JVM's, and its Kubernetes API requests by verb and
 * resource, {@code canarykit_kubernetes_requests_total}) and probes on {@code /healthz} (liveness) and {@code /readyz} (readiness), and
 * shuts down gracefully on SIGTERM (ticks in flight finish, then the lease is released).
 *
 * <p>Configuration (environment): {@code WATCH_NAMESPACES} (comma-separated; empty = cluster-wide),
 * {@code CANARY_SELECTOR} ({@code key=value,...} to shard canaries), {@code METRICS_SERVER}
 * (default {@code http://prometheus:9090}), {@code MESH_PROVIDER} (default {@code kubernetes}),
 * {@code LEADER_ELECTION_NAMESPACE} (enables leader election on the Lease
 * {@code canarykit-operator}, held as {@code POD_NAME}), {@code SLACK_URL} / {@code MSTEAMS_URL}
 * (the controller-wide notifier), {@code GATEWAY_API} ({@code auto}, {@code true} or {@code false}: the
 * Gateway API routers for {@code provider: gatewayapi} and {@code gatewayapi:v1beta1}; {@code auto} adds
 * one per HTTPRoute version the API server serves), {@code NGINX} ({@code auto}, {@code true} or {@code false}:
 * the ingress-nginx router for {@code provider: nginx}; {@code auto} adds it when the API server serves
 * {@code networking.k8s.io/v1} Ingresses), {@code INGRESS_ANNOTATIONS_PREFIX} (default
 * {@code nginx.ingress.kubernetes.io}), {@code ISTIO} ({@code auto}, {@code true} or {@code false}: the Istio
 * router for {@code provider: istio}; {@code auto} adds it when the API server serves
 * {@code networking.istio.io/v1beta1} VirtualServices and DestinationRules), {@code LINKERD} (the same for
 * {@code provider: linkerd}, when {@code split.smi-spec.io/v1alpha1} TrafficSplits are served),
 * {@code SMI_PROVIDERS} (more SMI providers, comma-separated, e.g. {@code osm,smi:v1alpha3}: each is added when
 * the API server serves its TrafficSplit version), {@code KNATIVE} ({@code auto}, {@code true} or {@code false}:
 * Knative Service targets and {@code provider: knative}; {@code auto} when {@code serving.knative.dev/v1}
 * Services are served), {@code PORT} (default 8080). When the operator cannot start (RBAC, a CRD
 * missing), the process exits with status 1.
 */
public final class OperatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> env = System.getenv();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // What an operator's /metrics is expected to show besides its own: heap, GC, threads, CPU, and what it asks of the API server.
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmCompilationMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        // fabric8 retries a 5xx ten times by default, doubling from 100 ms: 100 s, past any tick's deadline, which then cuts the
        // call and loses the server's message. Two retries (0.3 s) ride out a blip; the status store retries on its own, and a
        // failed tick is retried by the scheduler.
        Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(2).build();
        KubernetesClient client = KubernetesRequestMetrics.countingRequests(new KubernetesClientBuilder().withConfig(config), registry)
                .build();
        OperatorProviders providers = new OperatorProviders();
        CanaryOperator operator = configure(CanaryOperator.builder(client), env, providers, OperatorDiscovery.of(client))
                .metrics(MicrometerOperatorMetrics.of(registry))
                .build();
        HttpServer http = serve(Integer.parseInt(env.getOrDefault("PORT", "8080")), registry, operator::isAlive, operator::isReady);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("shutting down: finishing ticks in flight");
            operator.close();
            http.stop(0);
            providers.close();
            client.close();
            stopped.countDown();
        }, "canarykit-shutdown"));
        try {
            operator.start();
        } catch (RuntimeException e) {
            // A pod that cannot start must not look alive: exit, so that Kubernetes restarts it with
            // back-off and `kubectl get pods` shows CrashLoopBackOff with this line in its logs.
            LOG.error("operator failed to start: {}", e.toString(), e);
            System.exit(1);
        }
        stopped.await();
    }

    /** Applies the environment's settings to {@code builder}; {@code served} answers the {@code auto} settings. */
    static CanaryOperator.Builder configure(CanaryOperator.Builder builder, Map<String, String> env,
            OperatorProviders providers, OperatorDiscovery served) {
        String[] namespaces = Arrays.stream(env.getOrDefault("WATCH_NAMESPACES", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        builder.namespaces(namespaces)
                .canaryLabelSelector(labels(env.getOrDefault("CANARY_SELECTOR", "")))
                .defaultProvider(env.getOrDefault("MESH_PROVIDER", "kubernetes"))
                .metricsServer(env.getOrDefault("METRICS_SERVER", "http://prometheus:9090"))
                .metricProviders(providers::registry)
                .builtinMetrics(new PrometheusBuiltinMetrics());
        List<String> installed = new ArrayList<>(List.of("kubernetes"));
        Set<GatewayApiVersion> versions = gatewayApi(env.getOrDefault("GATEWAY_API", "auto"), served.gatewayApi());
        if (!versions.isEmpty()) {
            GatewayApiOperator.install(builder, versions);
            installed.add("gatewayapi " + versions);
        }
        if (router("NGINX", env.getOrDefault("NGINX", "auto"), served.ingress())) {
            NginxOperator.install(builder, env.getOrDefault("INGRESS_ANNOTATIONS_PREFIX", "nginx.ingress.kubernetes.io"));
            installed.add("nginx");
        }
        if (router("ISTIO", env.getOrDefault("ISTIO", "auto"), served.istio())) {
            IstioOperator.install(builder);
            installed.add("istio");
        }
        List<SmiProvider> smi = smiProviders(env.getOrDefault("LINKERD", "auto"), env.getOrDefault("SMI_PROVIDERS", ""), served.smi());
        if (!smi.isEmpty()) {
            SmiOperator.install(builder, smi);
            smi.forEach(p -> installed.add(p.id()));
        }
        if (router("KNATIVE", env.getOrDefault("KNATIVE", "auto"), served.knative())) {
            KnativeOperator.install(builder);
            installed.add("knative");
        }
        LOG.info("traffic routers: {}", installed);
        Optional.ofNullable(env.get("LEADER_ELECTION_NAMESPACE")).filter(s -> !s.isEmpty()).ifPresent(ns ->
                builder.leaderElection(LeaderElection.of(ns, "canarykit-operator", env.getOrDefault("POD_NAME", "canarykit-operator"))));
        if (env.containsKey("SLACK_URL")) {
            builder.defaultNotifier(ChatNotifier.to(new ChatDestination("slack", env.get("SLACK_URL"),
                    env.getOrDefault("SLACK_USER", "flagger"), env.getOrDefault("SLACK_CHANNEL", "general"), null, null)));
        } else if (env.containsKey("MSTEAMS_URL")) {
            builder.defaultNotifier(ChatNotifier.to(ChatDestination.of("msteams", env.get("MSTEAMS_URL"))));
        }
        return builder;
    }

    /**
     * {@code GATEWAY_API}: the HTTPRoute versions to route through. {@code true} always adds the v1
     * router (start fails without the HTTPRoute CRD) and the v1beta1 one where it is served,
     * {@code false} none, {@code auto} (default) a router per version the API server serves.
     */
    static Set<GatewayApiVersion> gatewayApi(String setting, Supplier<Set<GatewayApiVersion>> served) {
        if (!router("GATEWAY_API", setting, () -> true)) {
            return Set.of();
        }
        Set<GatewayApiVersion> versions = EnumSet.noneOf(GatewayApiVersion.class);
        versions.addAll(served.get());
        if ("true".equals(setting.trim().toLowerCase(Locale.ROOT))) {
            versions.add(GatewayApiVersion.V1);
        }
        return versions;
    }

    /**
     * The SMI providers to route through: {@code linkerd} per the {@code LINKERD} setting (as
     * {@link #router}, {@code auto} when {@code split.smi-spec.io/v1alpha1} is served), then each
     * provider of {@code SMI_PROVIDERS} ({@code osm,smi:v1alpha3}) whose TrafficSplit version the
     * API server serves (one that is not served is skipped with a warning: its informer would fail
     * the operator's start). A provider listed twice is added once.
     */
    static List<SmiProvider> smiProviders(String linkerd, String extra, Supplier<Set<SmiVersion>> served) {
        // Discovery is asked once, and only when a setting needs it.
        AtomicReference<Set<SmiVersion>> asked = new AtomicReference<>();
        Supplier<Set<SmiVersion>> versions = () -> asked.updateAndGet(v -> v == null ? served.get() : v);
        List<SmiProvider> providers = new ArrayList<>();
        if (router("LINKERD", linkerd, () -> versions.get().contains(SmiVersion.V1ALPHA1))) {
            providers.add(SmiProvider.LINKERD);
        }
        for (String id : extra.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            SmiProvider provider;
            try {
                provider = SmiProvider.parse(id.trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("SMI_PROVIDERS: " + e.getMessage(), e);
            }
            if (providers.stream().anyMatch(p -> p.id().equals(provider.id()))) {
                continue;
            }
            if (versions.get().contains(provider.version())) {
                providers.add(provider);
            } else {
                LOG.warn("SMI_PROVIDERS: {} skipped: the API server does not serve {} TrafficSplits", provider.id(),
                        provider.version().apiVersion());
            }
        }
        return List.copyOf(providers);
    }

    /** A router switch ({@code GATEWAY_API}, {@code NGINX}, {@code ISTIO}, {@code LINKERD}, {@code KNATIVE}): {@code true}, {@code false} or {@code auto} (when {@code served}). */
    static boolean router(String variable, String setting, BooleanSupplier served) {
        return switch (setting.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            case "auto", "" -> served.getAsBoolean();
            default -> throw new IllegalArgumentException(variable + " must be true, false or auto, got: " + setting);
        };
    }

    static Map<String, String> labels(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : selector.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException("CANARY_SELECTOR must be key=value[,key=value...], got: " + selector);
            }
            labels.put(kv[0].trim(), kv[1].trim());
        }
        return labels;
    }

    /** {@code /metrics}, {@code /healthz} and {@code /readyz} on {@code port} (0 picks a free one). */
    static HttpServer serve(int port, PrometheusMeterRegistry registry, BooleanSupplier alive, BooleanSupplier ready)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                FlaggerScrape.asFlaggerWrites(registry.scrape())));
        server.createContext("/healthz", exchange -> probe(exchange, alive.getAsBoolean()));
        server.createContext("/readyz", exchange -> probe(exchange, ready.getAsBoolean()));
        server.start();
        LOG.info("serving /metrics, /healthz and /readyz on port {}", server.getAddress().getPort());
        return server;
    }

    private static void probe(HttpExchange exchange, boolean ok) throws IOException {
        respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
