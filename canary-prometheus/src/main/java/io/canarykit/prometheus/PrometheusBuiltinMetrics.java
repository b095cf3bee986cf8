package io.canarykit.prometheus;

import io.canarykit.api.spi.BuiltinMetrics;
import io.canarykit.api.spi.BuiltinQuery;
import io.canarykit.prometheus.internal.Observer;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Flagger's builtin metrics on Prometheus: {@code request-success-rate} (percent) and
 * {@code request-duration} (milliseconds), with the PromQL of the observer Flagger v1.44 picks for the
 * canary's provider ({@code pkg/metrics/observers/factory.go}).
 *
 * <p>The provider passed in is the one the engine resolved (the canary's {@code spec.provider}, or the
 * controller's mesh provider, with Flagger's "a global linkerd wins" rule already applied). A
 * {@code Service} target appends {@code :service} as Flagger does, which no observer claims, so such
 * canaries get the Istio queries — unless the provider is {@code knative}, which Flagger exempts.
 */
public final class PrometheusBuiltinMetrics implements BuiltinMetrics {

    public static final String REQUEST_SUCCESS_RATE = "request-success-rate";
    public static final String REQUEST_DURATION = "request-duration";

    /** Each observer's queries, made once: the engine asks for a builtin's query on every check of every tick. */
    private static final Map<Observer, Optional<BuiltinQuery>> SUCCESS_RATE = byObserver(
            observer -> new BuiltinQuery(observer.id(), observer.successRateTemplate(), 1, observer.encodesNonWordCharacters()));
    private static final Map<Observer, Optional<BuiltinQuery>> DURATION = byObserver(
            observer -> new BuiltinQuery(observer.id(), observer.durationTemplate(), observer.durationScale(),
                    observer.encodesNonWordCharacters()));

    private static Map<Observer, Optional<BuiltinQuery>> byObserver(Function<Observer, BuiltinQuery> query) {
        Map<Observer, Optional<BuiltinQuery>> queries = new EnumMap<>(Observer.class);
        for (Observer observer : Observer.values()) {
            queries.put(observer, Optional.of(query.apply(observer)));
        }
        return queries;
    }

    @Override
    public Optional<BuiltinQuery> query(String metricName, String provider, String targetKind) {
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(targetKind, "targetKind");
        Observer observer = observerFor(provider, targetKind);
        if (REQUEST_SUCCESS_RATE.equals(metricName)) {
            return SUCCESS_RATE.get(observer);
        }
        if (REQUEST_DURATION.equals(metricName)) {
            return DURATION.get(observer);
        }
        return Optional.empty();
    }

    /** The observer Flagger uses for {@code provider} and a target of {@code targetKind}. */
    static Observer observerFor(String provider, String targetKind) {
        String key = provider;
        if ("Service".equals(targetKind) && !"knative".equals(provider)) {
            key = provider + ":service";
        }
        return observerFor(key);
    }

    // Flagger's switch, in its order: some cases are prefixes, the rest exact; the rest falls to Istio.
    private static Observer observerFor(String provider) {
        if (provider.startsWith("appmesh")) {
            return Observer.APPMESH;
        }
        if (provider.equals("linkerd")) {
            return Observer.LINKERD;
        }
        if (provider.equals("istio")) {
            return Observer.ISTIO;
        }
        if (provider.equals("contour")) {
            return Observer.CONTOUR;
        }
        if (provider.startsWith("gloo")) {
            return Observer.GLOO;
        }
        if (provider.equals("nginx")) {
            return Observer.NGINX;
        }
        if (provider.equals("kubernetes") || provider.startsWith("gatewayapi")) {
            return Observer.HTTP;
        }
        if (provider.equals("skipper")) {
            return Observer.SKIPPER;
        }
        if (provider.equals("traefik")) {
            return Observer.TRAEFIK;
        }
        if (provider.equals("osm")) {
            return Observer.OSM;
        }
        if (provider.equals("kuma")) {
            return Observer.KUMA;
        }
        if (provider.equals("apisix")) {
            return Observer.APISIX;
        }
        if (provider.equals("knative")) {
            return Observer.KNATIVE;
        }
        return Observer.ISTIO;
    }
}
