package io.canarykit.prometheus.internal;

/**
 * Flagger's observers (v1.44, {@code pkg/metrics/observers/*.go}): the PromQL of the builtin
 * {@code request-success-rate} (percent) and {@code request-duration} (P99) per mesh or ingress, and
 * the factor that turns the duration answer into milliseconds.
 *
 * <p>The templates are written as Flagger writes them and then condensed exactly as Flagger condenses
 * them before sending (every whitespace run becomes one space, the leading one included), so that the
 * string reaching Prometheus is byte-for-byte the one Flagger sends and recording rules or query logs
 * keyed on it keep matching.
 */
public enum Observer {

    /** {@code kubernetes}, {@code gatewayapi*}: pod-level {@code http_request_duration_seconds}; seconds, hence ×1000. */
    HTTP("http", """
            sum(
                rate(
                    http_request_duration_seconds_count{
                        kubernetes_namespace="{{ namespace }}",
                        kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)",
                        status!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    http_request_duration_seconds_count{
                        kubernetes_namespace="{{ namespace }}",
                        kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        http_request_duration_seconds_bucket{
                            kubernetes_namespace="{{ namespace }}",
                            kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1000),

    /** Istio telemetry v2; {@code istio_request_duration_milliseconds} is already in ms. */
    ISTIO("istio", """
            sum(
                rate(
                    istio_requests_total{
                        reporter="destination",
                        destination_workload_namespace="{{ namespace }}",
                        destination_workload=~"{{ target }}",
                        response_code!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    istio_requests_total{
                        reporter="destination",
                        destination_workload_namespace="{{ namespace }}",
                        destination_workload=~"{{ target }}"
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        istio_request_duration_milliseconds_bucket{
                            reporter="destination",
                            destination_workload_namespace="{{ namespace }}",
                            destination_workload=~"{{ target }}"
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1),

    /** Linkerd proxy metrics; {@code response_latency_ms} is in ms. */
    LINKERD("linkerd", """
            sum(
                rate(
                    response_total{
                        namespace="{{ namespace }}",
                        deployment=~"{{ target }}",
                        classification!="failure",
                        direction="inbound"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    response_total{
                        namespace="{{ namespace }}",
                        deployment=~"{{ target }}",
                        direction="inbound"
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        response_latency_ms_bucket{
                            namespace="{{ namespace }}",
                            deployment=~"{{ target }}",
                            direction="inbound"
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1),

    /** AWS App Mesh (Envoy sidecars); {@code envoy_cluster_upstream_rq_time} is in ms. */
    APPMESH("appmesh", """
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        kubernetes_namespace="{{ namespace }}",
                        kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)",
                        envoy_response_code!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        kubernetes_namespace="{{ namespace }}",
                        kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        envoy_cluster_upstream_rq_time_bucket{
                            kubernetes_namespace="{{ namespace }}",
                            kubernetes_pod_name=~"{{ target }}-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)"
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1),

    /** Contour's Envoy; clusters are named {@code <ns>_<service>-canary_<port>}; ms. Trailing commas as in Flagger. */
    CONTOUR("contour", """
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        envoy_cluster_name=~"{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+",
                        envoy_response_code!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        envoy_cluster_name=~"{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+",
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        envoy_cluster_upstream_rq_time_bucket{
                            envoy_cluster_name=~"{{ namespace }}_{{ service }}-canary_[0-9a-zA-Z-]+",
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1),

    /** Gloo Edge's Envoy; the canary upstream is {@code <ns>-<target>-canaryupstream-<port>_<gloo ns>}; ms. */
    GLOO("gloo", """
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        envoy_cluster_name=~"{{ namespace }}-{{ target }}-canaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+",
                        envoy_response_code!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        envoy_cluster_name=~"{{ namespace }}-{{ target }}-canaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+",
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        envoy_cluster_upstream_rq_time_bucket{
                            envoy_cluster_name=~"{{ namespace }}-{{ target }}-canaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+",
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1),

    /** ingress-nginx: only the canary ingress ({@code canary!=""}); the mean latency is converted to ms in PromQL. */
    NGINX("nginx", """
            sum(
                rate(
                    nginx_ingress_controller_requests{
                        namespace="{{ namespace }}",
                        ingress="{{ ingress }}",
                        canary!="",
                        status!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    nginx_ingress_controller_requests{
                        namespace="{{ namespace }}",
                        ingress="{{ ingress }}",
                        canary!=""
                    }[{{ interval }}]
                )
            )
            * 100""", """
            sum(
                rate(
                    nginx_ingress_controller_response_duration_seconds_sum{
                        namespace="{{ namespace }}",
                        ingress="{{ ingress }}",
                        canary!=""
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    nginx_ingress_controller_response_duration_seconds_count{
                        namespace="{{ namespace }}",
                        ingress="{{ ingress }}",
                        canary!=""
                    }[{{ interval }}]
                )
            )
            * 1000""", 1),

    /** Traefik: the +Inf bucket counts requests; the P99 is converted to ms in PromQL. */
    TRAEFIK("traefik", """
            sum(
                rate(
                    traefik_service_request_duration_seconds_bucket{
                        service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",
                        code!~"5..",
                        le="+Inf"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    traefik_service_request_duration_seconds_bucket{
                        service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd",
                        le="+Inf"
                    }[{{ interval }}]
                )
            ) * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        traefik_service_request_duration_seconds_bucket{
                            service=~"{{ namespace }}-{{ target }}-canary-[0-9a-zA-Z-]+@kubernetescrd"
                        }[{{ interval }}]
                    )
                ) by (le)
            ) * 1000""", 1),

    /** Kuma's Envoy; the service tag is {@code <target>-canary_<ns>_svc_<port>}; ms. */
    KUMA("kuma", """
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        service=~"{{ target }}-canary_{{ namespace }}_svc_[0-9a-zA-Z-]+",
                        envoy_response_code!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        service=~"{{ target }}-canary_{{ namespace }}_svc_[0-9a-zA-Z-]+",
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        envoy_cluster_upstream_rq_time_bucket{
                            service=~"{{ target }}-canary_{{ namespace }}_svc_[0-9a-zA-Z-]+",
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1),

    /** Open Service Mesh; {@code osm_request_duration_ms} is in ms. */
    OSM("osm", """
            sum(
                rate(
                    osm_request_total{
                        destination_namespace="{{ namespace }}",
                        destination_kind="Deployment",
                        destination_name="{{ target }}",
                        response_code!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    osm_request_total{
                        destination_namespace="{{ namespace }}",
                        destination_kind="Deployment",
                        destination_name="{{ target }}"
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        osm_request_duration_ms_bucket{
                            destination_namespace="{{ namespace }}",
                            destination_kind="Deployment",
                            destination_name="{{ target }}"
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1),

    /** Apache APISIX; {@code apisix_http_latency} is in ms. */
    APISIX("apisix", """
            sum(
                rate(
                    apisix_http_status{
                        route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+",
                        code!~"5.."
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    apisix_http_status{
                        route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+"
                    }[{{ interval }}]
                )
            ) * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        apisix_http_latency_bucket{
                            type=~"request",
                            route=~"{{ namespace }}_{{ route }}-{{ target }}-canary_.+"
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1),

    /**
     * Skipper: Flagger builds the route regex with a template variable and replaces non-word
     * characters of namespace, ingress and service with {@code _} first; the regex is inlined here and
     * that encoding is the renderer's job (see {@link #encodesNonWordCharacters()}). Mean latency, converted to ms in PromQL.
     */
    SKIPPER("skipper", """
            sum(rate(skipper_response_duration_seconds_bucket{route=~"kube(ew)?_{{ namespace }}__{{ ingress }}_canary__.*__{{ service }}_canary(_[0-9]+)?",code!~"5..",le="+Inf"}[{{ interval }}]))\s
            /\s
            sum(rate(skipper_response_duration_seconds_bucket{route=~"kube(ew)?_{{ namespace }}__{{ ingress }}_canary__.*__{{ service }}_canary(_[0-9]+)?",le="+Inf"}[{{ interval }}])) * 100""", """
            sum(rate(skipper_serve_route_duration_seconds_sum{route=~"kube(ew)?_{{ namespace }}__{{ ingress }}_canary__.*__{{ service }}_canary(_[0-9]+)?"}[{{ interval }}]))\s
            /\s
            sum(rate(skipper_serve_route_duration_seconds_count{route=~"kube(ew)?_{{ namespace }}__{{ ingress }}_canary__.*__{{ service }}_canary(_[0-9]+)?"}[{{ interval }}])) * 1000""", 1),

    /** Knative (net-kourier/Envoy); {@code route} is the latest created revision; ms. */
    KNATIVE("knative", """
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        envoy_cluster_name=~"{{ namespace }}/{{ route }}",
                        envoy_response_code!~"5.*"
                    }[{{ interval }}]
                )
            )
            /
            sum(
                rate(
                    envoy_cluster_upstream_rq{
                        envoy_cluster_name=~"{{ namespace }}/{{ route }}",
                    }[{{ interval }}]
                )
            )
            * 100""", """
            histogram_quantile(
                0.99,
                sum(
                    rate(
                        envoy_cluster_upstream_rq_time_bucket{
                            envoy_cluster_name=~"{{ namespace }}/{{ route }}",
                        }[{{ interval }}]
                    )
                ) by (le)
            )""", 1);

    private final String id;
    private final String successRate;
    private final String duration;
    private final double durationScale;

    Observer(String id, String successRate, String duration, double durationScale) {
        this.id = id;
        // Flagger's raw strings start with a line break, which its condensing turns into a leading space.
        this.successRate = condense("\n" + successRate);
        this.duration = condense("\n" + duration);
        this.durationScale = durationScale;
    }

    static String condense(String promql) {
        // Not a static Pattern field: enum constants are constructed before the enum's static fields.
        return promql.replaceAll("\\s+", " ");
    }

    /** The observer's name as reported in {@code BuiltinQuery.observer()}. */
    public String id() {
        return id;
    }

    /** {@code request-success-rate}: percent of non-5xx responses. */
    public String successRateTemplate() {
        return successRate;
    }

    /** {@code request-duration}: P99 (or mean, for nginx and skipper) latency. */
    public String durationTemplate() {
        return duration;
    }

    /** Factor from the duration query's answer to milliseconds. */
    public double durationScale() {
        return durationScale;
    }

    /** Skipper's route names carry namespace, ingress and service with every non-word character as {@code _}. */
    public boolean encodesNonWordCharacters() {
        return this == SKIPPER;
    }
}
