/*
 * Ported from Flagger (https://github.com/fluxcd/flagger), pkg/canary/scaled_object_reconciler_test.go
 * (Test_setPrimaryScaledObjectQueries) at commit 15bd6ad555e6c935da55f0ab95977be74c149bd6. Copyright 2020
 * The Flux authors. Licensed under the Apache License, Version 2.0: you may not use this file except in
 * compliance with the License. You may obtain a copy of the License at
 * http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable law or agreed to in writing,
 * software distributed under the License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR
 * CONDITIONS OF ANY KIND, either express or implied. Modified: Go table tests as JUnit tests on
 * generic (map) triggers.
 */
package io.canarykit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScaledObjectsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            query only has 'podinfo'                 | sum(rate(http_requests_total{app="podinfo"}[2m]))                        | sum(rate(http_requests_total{app="podinfo-primary"}[2m]))
            query only has 'podinfo-canary'          | sum(rate(http_requests_total{app="podinfo-canary"}[2m]))                 | sum(rate(http_requests_total{app="podinfo-primary"}[2m]))
            query has both 'podinfo-canary' and 'podinfo' | sum(rate(http_requests_total{app="podinfo-canary", svc="podinfo"}[2m])) | sum(rate(http_requests_total{app="podinfo-primary", svc="podinfo-primary"}[2m]))
            """)
    void queriesNamingTheTargetOrTheCanaryNameThePrimary(String name, String query, String wanted) {
        assertThat(ScaledObjects.primaryQuery(query, "podinfo")).isEqualTo(wanted);

        List<Object> triggers = triggers(Map.of("metadata", Map.of("query", query)));
        ScaledObjects.setPrimaryQueries("podinfo", Map.of(), triggers);
        assertThat(query(triggers, 0)).isEqualTo(wanted);
    }

    @Test
    void primaryScalerQueriesReplaceTheQueriesOfTheTriggersTheyName() {
        String pq1 = "sum(rate(envoy_cluster_upstream_rq{ envoy_cluster_name=\"test_podinfo-primary_80\" }[30s]))";
        String pq2 = "sum(rate(envoy_cluster_upstream_rq{ envoy_cluster_name=\"test_podinfo\" }[30s]))";
        List<Object> triggers = triggers(
                Map.of("name", "trigger1", "metadata", Map.of("query", "a")),
                Map.of("name", "trigger2", "metadata", Map.of("query", "b")),
                Map.of("metadata", Map.of("query", "unnamed{app=\"podinfo\"}")));

        ScaledObjects.setPrimaryQueries("podinfo", Map.of("trigger1", pq1, "trigger2", pq2), triggers);

        assertThat(query(triggers, 0)).isEqualTo(pq1);
        assertThat(query(triggers, 1)).as("not rewritten: the given query is taken as is").isEqualTo(pq2);
        assertThat(query(triggers, 2)).as("an unnamed trigger is left alone").isEqualTo("unnamed{app=\"podinfo\"}");
    }

    @Test
    void theHpaNameGetsThePrimarySuffixOnlyWhenSet() {
        Map<String, Object> named = mutable(Map.of("advanced", Map.of("horizontalPodAutoscalerConfig", Map.of("name", "podinfo"))));
        ScaledObjects.setPrimaryHpa(named);
        assertThat(named).isEqualTo(Map.of("advanced", Map.of("horizontalPodAutoscalerConfig", Map.of("name", "podinfo-primary"))));

        Map<String, Object> unnamed = new LinkedHashMap<>();
        ScaledObjects.setPrimaryHpa(unnamed);
        assertThat(unnamed).as("KEDA names it").isEqualTo(Map.of("advanced", Map.of("horizontalPodAutoscalerConfig", Map.of())));
    }

    @SafeVarargs
    private static List<Object> triggers(Map<String, Object>... triggers) {
        List<Object> list = new ArrayList<>();
        for (Map<String, Object> trigger : triggers) {
            list.add(mutable(trigger));
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mutable(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? mutable((Map<String, Object>) m) : v));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static String query(List<Object> triggers, int index) {
        return (String) ((Map<String, Object>) ((Map<String, Object>) triggers.get(index)).get("metadata")).get("query");
    }
}
