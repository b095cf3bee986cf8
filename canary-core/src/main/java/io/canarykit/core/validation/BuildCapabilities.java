package io.canarykit.core.validation;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the running build can execute: the metric provider types and the {@code spec.provider}
 * traffic routers registered in it. Names in these sets are valid even when Flagger does not know
 * them (an embedding application's own router). When the sets are the whole build ({@code known}),
 * validation also warns about a manifest that needs something else, which must then be registered
 * at run time (a plugin); {@link #UNKNOWN} (a library validating for a caller it does not know)
 * warns only about names nobody knows.
 *
 * @param known           whether the sets below are the whole build ({@code false} for {@link #UNKNOWN})
 * @param metricProviders MetricTemplate {@code spec.provider.type}s, e.g. {@code prometheus}
 * @param trafficRouters  Canary {@code spec.provider}s, e.g. {@code gatewayapi}, {@code kubernetes}
 */
public record BuildCapabilities(boolean known, Set<String> metricProviders, Set<String> trafficRouters) {

    public static final BuildCapabilities UNKNOWN = new BuildCapabilities(false, Set.of(), Set.of());

    public BuildCapabilities {
        metricProviders = Set.copyOf(metricProviders);
        trafficRouters = Set.copyOf(trafficRouters);
    }

    /** The whole build: anything else is warned about. */
    public static BuildCapabilities of(Collection<String> metricProviders, Collection<String> trafficRouters) {
        return new BuildCapabilities(true, Set.copyOf(metricProviders), Set.copyOf(trafficRouters));
    }

    /** Names registered so far, where more may come: they are valid, nothing is warned about for lacking. */
    public static BuildCapabilities atLeast(Collection<String> metricProviders, Collection<String> trafficRouters) {
        return new BuildCapabilities(false, Set.copyOf(metricProviders), Set.copyOf(trafficRouters));
    }

    /** The names to suggest for a typo: this build's, then the well-known ones, sorted for stable messages. */
    List<String> suggestions(Set<String> built, Collection<String> wellKnown) {
        TreeSet<String> all = new TreeSet<>(built);
        all.addAll(wellKnown);
        return List.copyOf(all);
    }
}
