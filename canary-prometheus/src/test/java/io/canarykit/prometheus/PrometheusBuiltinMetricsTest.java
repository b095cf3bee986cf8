package io.canarykit.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.prometheus.internal.Observer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The provider → observer table and the rendered query of every observer, as Flagger v1.44 sends it. */
class PrometheusBuiltinMetricsTest {

    private static final Map<String, String> MODEL = Map.of("namespace", "default", "target", "podinfo",
            "service", "podinfo-svc", "ingress", "podinfo-ing", "route", "podinfo-00001", "interval", "1m");

    private final PrometheusBuiltinMetrics builtins = new PrometheusBuiltinMetrics();

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource({
        "kubernetes, Deployment, http",
        "gatewayapi, Deployment, http",
        "gatewayapi:v1beta1, Deployment, http",
        "gatewayapi:v1, DaemonSet, http",
        "istio, Deployment, istio",
        "linkerd, Deployment, linkerd",
        "appmesh, Deployment, appmesh",
        "appmesh:v1beta2, Deployment, appmesh",
        "contour, Deployment, contour",
        "gloo, Deployment, gloo",
        "gloo:v1, Deployment, gloo",
        "nginx, Deployment, nginx",
        "skipper, Deployment, skipper",
        "traefik, Deployment, traefik",
        "osm, Deployment, osm",
        "kuma, Deployment, kuma",
        "apisix, Deployment, apisix",
        "knative, Deployment, knative",
        "knative, Service, knative",
        "kubernetes, Service, istio",
        "gatewayapi, Service, http",
        "istio, Service, istio",
        "linkerd, Service, istio",
        "nginx, Service, istio",
        "appmesh, Service, appmesh",
        "gloo, Service, gloo",
        "smi:linkerd, Deployment, istio",
        "crossover, Deployment, istio",
        "linkerd2, Deployment, istio",
        "none, Deployment, istio",
        "'', Deployment, istio",
    })
    void choosesTheObserverAsFlaggerDoes(String provider, String targetKind, String observer) {
        assertThat(builtins.query("request-success-rate", provider, targetKind))
                .get().extracting(BuiltinQuery::observer).isEqualTo(observer);
        assertThat(builtins.query("request-duration", provider, targetKind))
                .get().extracting(BuiltinQuery::observer).isEqualTo(observer);
    }

    @ParameterizedTest(name = "{0}: scale {1}")
    @CsvSource({"http, 1000", "istio, 1", "linkerd, 1", "appmesh, 1", "contour, 1", "gloo, 1", "nginx, 1",
        "traefik, 1", "kuma, 1", "osm, 1", "apisix, 1", "skipper, 1", "knative, 1"})
    void durationIsReportedInMilliseconds(String observer, double scale) {
        Observer chosen = Observer.valueOf(observer.toUpperCase(java.util.Locale.ROOT));
        String provider = chosen == Observer.HTTP ? "kubernetes" : observer;
        assertThat(builtins.query("request-duration", provider, "Deployment")).get()
                .extracting(BuiltinQuery::scale).isEqualTo(scale);
        assertThat(builtins.query("request-success-rate", provider, "Deployment")).get()
                .extracting(BuiltinQuery::scale).isEqualTo(1.0);
    }

    @Test
    void eachObserversQueryIsMadeOnce() {
        assertThat(builtins.query("request-duration", "istio", "Deployment"))
                .isSameAs(builtins.query("request-duration", "istio", "Deployment"))
                .isNotEqualTo(builtins.query("request-success-rate", "istio", "Deployment"));
        assertThat(builtins.query("request-duration", "gatewayapi", "Deployment").orElseThrow().observer())
                .isNotEqualTo(builtins.query("request-duration", "istio", "Deployment").orElseThrow().observer());
    }

    @Test
    void unknownMetricsAreNotBuiltin() {
        assertThat(builtins.query("error-rate", "istio", "Deployment")).isEmpty();
    }

    private String rendered(String metric, String provider) {
        return Render.render(builtins.query(metric, provider, "Deployment").orElseThrow().template(), MODEL);
    }

    // Expected strings: Flagger v1.44's rendered queries (observers/*_test.go), one space per original line break.
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
        istio | request-success-rate | ' sum( rate( istio_requests_total{ reporter="destination", destination_workload_namespace="default", destination_workload=~"podinfo", response_code!~"5.*" }[1m] ) ) / sum( rate( istio_requests_total{ reporter="destination", destination_workload_namespace="default", destination_workload=~"podinfo" }[1m] ) ) * 100'
        istio | request-duration | ' histogram_quantile( 0.99, sum( rate( istio_request_duration_milliseconds_bucket{ reporter="destination", destination_workload_namespace="default", destination_workload=~"podinfo" }[1m] ) ) by (le) )'
        kubernetes | request-success-rate | ' sum( rate( http_request_duration_seconds_count{ kubernetes_namespace="default", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)", status!~"5.*" }[1m] ) ) / sum( rate( http_request_duration_seconds_count{ kubernetes_namespace="default", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" }[1m] ) ) * 100'
        kubernetes | request-duration | ' histogram_quantile( 0.99, sum( rate( http_request_duration_seconds_bucket{ kubernetes_namespace="default", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" }[1m] ) ) by (le) )'
        linkerd | request-success-rate | ' sum( rate( response_total{ namespace="default", deployment=~"podinfo", classification!="failure", direction="inbound" }[1m] ) ) / sum( rate( response_total{ namespace="default", deployment=~"podinfo", direction="inbound" }[1m] ) ) * 100'
        linkerd | request-duration | ' histogram_quantile( 0.99, sum( rate( response_latency_ms_bucket{ namespace="default", deployment=~"podinfo", direction="inbound" }[1m] ) ) by (le) )'
        appmesh | request-success-rate | ' sum( rate( envoy_cluster_upstream_rq{ kubernetes_namespace="default", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)", envoy_response_code!~"5.*" }[1m] ) ) / sum( rate( envoy_cluster_upstream_rq{ kubernetes_namespace="default", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" }[1m] ) ) * 100'
        appmesh | request-duration | ' histogram_quantile( 0.99, sum( rate( envoy_cluster_upstream_rq_time_bucket{ kubernetes_namespace="default", kubernetes_pod_name=~"podinfo-[0-9a-zA-Z]+(-[0-9a-zA-Z]+)" }[1m] ) ) by (le) )'
        contour | request-success-rate | ' sum( rate( envoy_cluster_upstream_rq{ envoy_cluster_name=~"default_podinfo-svc-canary_[0-9a-zA-Z-]+", envoy_response_code!~"5.*" }[1m] ) ) / sum( rate( envoy_cluster_upstream_rq{ envoy_cluster_name=~"default_podinfo-svc-canary_[0-9a-zA-Z-]+", }[1m] ) ) * 100'
        contour | request-duration | ' histogram_quantile( 0.99, sum( rate( envoy_cluster_upstream_rq_time_bucket{ envoy_cluster_name=~"default_podinfo-svc-canary_[0-9a-zA-Z-]+", }[1m] ) ) by (le) )'
        gloo | request-success-rate | ' sum( rate( envoy_cluster_upstream_rq{ envoy_cluster_name=~"default-podinfo-canaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+", envoy_response_code!~"5.*" }[1m] ) ) / sum( rate( envoy_cluster_upstream_rq{ envoy_cluster_name=~"default-podinfo-canaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+", }[1m] ) ) * 100'
        gloo | request-duration | ' histogram_quantile( 0.99, sum( rate( envoy_cluster_upstream_rq_time_bucket{ envoy_cluster_name=~"default-podinfo-canaryupstream-[0-9a-zA-Z-]+_[0-9a-zA-Z-]+", }[1m] ) ) by (le) )'
        nginx | request-success-rate | ' sum( rate( nginx_ingress_controller_requests{ namespace="default", ingress="podinfo-ing", canary!="", status!~"5.*" }[1m] ) ) / sum( rate( nginx_ingress_controller_requests{ namespace="default", ingress="podinfo-ing", canary!="" }[1m] ) ) * 100'
        nginx | request-duration | ' sum( rate( nginx_ingress_controller_response_duration_seconds_sum{ namespace="default", ingress="podinfo-ing", canary!="" }[1m] ) ) / sum( rate( nginx_ingress_controller_response_duration_seconds_count{ namespace="default", ingress="podinfo-ing", canary!="" }[1m] ) ) * 1000'
        traefik | request-success-rate | ' sum( rate( traefik_service_request_duration_seconds_bucket{ service=~"default-podinfo-canary-[0-9a-zA-Z-]+@kubernetescrd", code!~"5..", le="+Inf" }[1m] ) ) / sum( rate( traefik_service_request_duration_seconds_bucket{ service=~"default-podinfo-canary-[0-9a-zA-Z-]+@kubernetescrd", le="+Inf" }[1m] ) ) * 100'
        traefik | request-duration | ' histogram_quantile( 0.99, sum( rate( traefik_service_request_duration_seconds_bucket{ service=~"default-podinfo-canary-[0-9a-zA-Z-]+@kubernetescrd" }[1m] ) ) by (le) ) * 1000'
        kuma | request-success-rate | ' sum( rate( envoy_cluster_upstream_rq{ service=~"podinfo-canary_default_svc_[0-9a-zA-Z-]+", envoy_response_code!~"5.*" }[1m] ) ) / sum( rate( envoy_cluster_upstream_rq{ service=~"podinfo-canary_default_svc_[0-9a-zA-Z-]+", }[1m] ) ) * 100'
        kuma | request-duration | ' histogram_quantile( 0.99, sum( rate( envoy_cluster_upstream_rq_time_bucket{ service=~"podinfo-canary_default_svc_[0-9a-zA-Z-]+", }[1m] ) ) by (le) )'
        osm | request-success-rate | ' sum( rate( osm_request_total{ destination_namespace="default", destination_kind="Deployment", destination_name="podinfo", response_code!~"5.*" }[1m] ) ) / sum( rate( osm_request_total{ destination_namespace="default", destination_kind="Deployment", destination_name="podinfo" }[1m] ) ) * 100'
        osm | request-duration | ' histogram_quantile( 0.99, sum( rate( osm_request_duration_ms_bucket{ destination_namespace="default", destination_kind="Deployment", destination_name="podinfo" }[1m] ) ) by (le) )'
        apisix | request-success-rate | ' sum( rate( apisix_http_status{ route=~"default_podinfo-00001-podinfo-canary_.+", code!~"5.." }[1m] ) ) / sum( rate( apisix_http_status{ route=~"default_podinfo-00001-podinfo-canary_.+" }[1m] ) ) * 100'
        apisix | request-duration | ' histogram_quantile( 0.99, sum( rate( apisix_http_latency_bucket{ type=~"request", route=~"default_podinfo-00001-podinfo-canary_.+" }[1m] ) ) by (le) )'
        skipper | request-success-rate | ' sum(rate(skipper_response_duration_seconds_bucket{route=~"kube(ew)?_default__podinfo-ing_canary__.*__podinfo-svc_canary(_[0-9]+)?",code!~"5..",le="+Inf"}[1m])) / sum(rate(skipper_response_duration_seconds_bucket{route=~"kube(ew)?_default__podinfo-ing_canary__.*__podinfo-svc_canary(_[0-9]+)?",le="+Inf"}[1m])) * 100'
        skipper | request-duration | ' sum(rate(skipper_serve_route_duration_seconds_sum{route=~"kube(ew)?_default__podinfo-ing_canary__.*__podinfo-svc_canary(_[0-9]+)?"}[1m])) / sum(rate(skipper_serve_route_duration_seconds_count{route=~"kube(ew)?_default__podinfo-ing_canary__.*__podinfo-svc_canary(_[0-9]+)?"}[1m])) * 1000'
        knative | request-success-rate | ' sum( rate( envoy_cluster_upstream_rq{ envoy_cluster_name=~"default/podinfo-00001", envoy_response_code!~"5.*" }[1m] ) ) / sum( rate( envoy_cluster_upstream_rq{ envoy_cluster_name=~"default/podinfo-00001", }[1m] ) ) * 100'
        knative | request-duration | ' histogram_quantile( 0.99, sum( rate( envoy_cluster_upstream_rq_time_bucket{ envoy_cluster_name=~"default/podinfo-00001", }[1m] ) ) by (le) )'
        """)
    void rendersFlaggersQuery(String provider, String metric, String expected) {
        assertThat(rendered(metric, provider)).isEqualTo(expected);
    }
}
