package io.canarykit.istio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a VirtualService change is a weight patch, and what the patch says. */
class SpecChangeTest {

    @Test
    void sameSpecIsNoChangeWhateverTheNumberTypes() {
        assertThat(SpecChange.between(spec(90L, 10L), spec(90, 10))).isInstanceOf(SpecChange.None.class);
    }

    @Test
    void onlyWeightsChangedIsAPatchThatTestsEachOldWeightBeforeReplacingIt() {
        SpecChange change = SpecChange.between(spec(90, 10), spec(80, 20));

        assertThat(change).isInstanceOf(SpecChange.Weights.class);
        assertThat(((SpecChange.Weights) change).patch()).isEqualTo("[{\"op\":\"test\",\"path\":\"/spec/http/0/route/0/weight\","
                + "\"value\":90},{\"op\":\"replace\",\"path\":\"/spec/http/0/route/0/weight\",\"value\":80},"
                + "{\"op\":\"test\",\"path\":\"/spec/http/0/route/1/weight\",\"value\":10},"
                + "{\"op\":\"replace\",\"path\":\"/spec/http/0/route/1/weight\",\"value\":20}]");
    }

    @Test
    void aMissingWeightIsAdded() {
        Map<String, Object> live = spec(90, 10);
        Map<String, Object> destination = Trees.map(Trees.list(Trees.map(Trees.list(live.get("http")).get(0)).get("route")).get(1));
        destination.remove("weight");

        SpecChange change = SpecChange.between(live, spec(90, 10));

        assertThat(((SpecChange.Weights) change).patch())
                .isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/http/0/route/1/weight\",\"value\":10}]");
    }

    @Test
    void anyOtherDifferenceReplacesTheSpec() {
        Map<String, Object> wanted = spec(80, 20);
        wanted.put("gateways", new ArrayList<>(List.of("mesh")));

        assertThat(SpecChange.between(spec(90, 10), wanted)).isInstanceOf(SpecChange.Replace.class);
    }

    private static Map<String, Object> spec(Number primary, Number canary) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("route", new ArrayList<>(List.of(destination("podinfo-primary", primary), destination("podinfo-canary", canary))));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("hosts", new ArrayList<>(List.of("podinfo")));
        spec.put("http", new ArrayList<>(List.of(route)));
        return spec;
    }

    private static Map<String, Object> destination(String host, Number weight) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("destination", new LinkedHashMap<>(Map.of("host", host)));
        d.put("weight", weight);
        return d;
    }
}
