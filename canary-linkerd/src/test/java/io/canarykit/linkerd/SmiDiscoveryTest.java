package io.canarykit.linkerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.testkit.k8s.KubernetesCrudHarness;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which TrafficSplit versions the API server serves, by API discovery (install only those). */
class SmiDiscoveryTest {

    @RegisterExtension
    static final KubernetesCrudHarness K8S = KubernetesCrudHarness.create();

    @Test
    void nothingIsServedWithoutTheCrd() {
        assertThat(SmiOperator.servedVersions(K8S.client())).isEmpty();
        assertThat(LinkerdOperator.served(K8S.client())).isFalse();
    }

    @Test
    void aCrdServingV1alpha2OnlyServesOsmButNotLinkerd() {
        install("v1alpha2");

        assertThat(SmiOperator.servedVersions(K8S.client())).containsExactly(SmiVersion.V1ALPHA2);
        assertThat(LinkerdOperator.served(K8S.client())).isFalse();
    }

    @Test
    void linkerdsSmiExtensionServesV1alpha1() {
        install("v1alpha1");

        assertThat(SmiOperator.servedVersions(K8S.client())).containsExactly(SmiVersion.V1ALPHA1);
        assertThat(LinkerdOperator.served(K8S.client())).isTrue();
    }

    /** The test CRD reduced to one served version (the mock's discovery reports one version per CRD). */
    private static void install(String version) {
        CustomResourceDefinition crd = new KubernetesSerialization().clone(SmiFixtures.crds().get(0));
        List<CustomResourceDefinitionVersion> kept = crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(version))
                .peek(v -> v.setStorage(true)).toList();
        crd.getSpec().setVersions(kept);
        K8S.client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
}
