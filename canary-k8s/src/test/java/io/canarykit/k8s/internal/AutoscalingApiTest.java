package io.canarykit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoscalingApiTest {

    private static APIGroup served(String versions) {
        List<GroupVersionForDiscovery> list = versions.isEmpty() ? List.of() : List.of(versions.split(" ")).stream()
                .map(v -> new GroupVersionForDiscovery("autoscaling/" + v, v)).toList();
        return new APIGroupBuilder().withName("autoscaling").withVersions(list).build();
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource({
            "'v1 v2beta1 v2beta2', V2BETA2",   // v1.12 to v1.22 (v1.20 among them)
            "'v2 v1 v2beta1 v2beta2', V2",     // v1.23 to v1.24
            "'v1 v2beta2 v2', V2",             // v2 wins whatever the order or the preferred version
            "'v2 v1', V2",                     // v1.26 and later
            "'v1 v2beta1', NONE",
            "'v1', NONE",
            "'', NONE"})
    void v2WhenServedElseV2beta2ElseNone(String versions, AutoscalingApi expected) {
        assertThat(AutoscalingApi.of(served(versions))).isEqualTo(expected);
    }

    @Test
    void anUnservedGroupIsNone() {
        assertThat(AutoscalingApi.of(null)).isEqualTo(AutoscalingApi.NONE);
        assertThat(AutoscalingApi.of(new APIGroupBuilder().withName("autoscaling").build())).isEqualTo(AutoscalingApi.NONE);
    }

    @Test
    void aVersionListedByGroupVersionAloneCounts() {
        APIGroup group = new APIGroupBuilder().withName("autoscaling")
                .addNewVersion().withGroupVersion("autoscaling/v2beta2").endVersion().build();
        assertThat(AutoscalingApi.of(group)).isEqualTo(AutoscalingApi.V2BETA2);
    }

    @Test
    void eachServedVersionNamesItsHpaResource() {
        assertThat(AutoscalingApi.V2.apiVersion()).isEqualTo("autoscaling/v2");
        assertThat(AutoscalingApi.V2BETA2.apiVersion()).isEqualTo("autoscaling/v2beta2");
        ResourceDefinitionContext context = AutoscalingApi.V2BETA2.context();
        assertThat(context.getGroup()).isEqualTo("autoscaling");
        assertThat(context.getVersion()).isEqualTo("v2beta2");
        assertThat(context.getPlural()).isEqualTo("horizontalpodautoscalers");
        assertThat(context.getKind()).isEqualTo("HorizontalPodAutoscaler");
        assertThat(context.isNamespaceScoped()).isTrue();
    }

    @Test
    void noneServesNothing() {
        assertThat(AutoscalingApi.NONE.isServed()).isFalse();
        assertThat(AutoscalingApi.NONE.apiVersion()).isEmpty();
        assertThatThrownBy(AutoscalingApi.NONE::context).isInstanceOf(IllegalStateException.class);
    }
}
