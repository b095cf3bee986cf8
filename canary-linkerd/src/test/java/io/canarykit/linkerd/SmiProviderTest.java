package io.canarykit.linkerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which provider text picks which TrafficSplit version, as Flagger's router factory reads it. */
class SmiProviderTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "linkerd              | V1ALPHA1 | linkerd",
            "osm                  | V1ALPHA2 | osm",
            "smi:v1alpha1         | V1ALPHA1 | ''",
            "smi:v1alpha2         | V1ALPHA2 | ''",
            "smi:v1alpha3         | V1ALPHA3 | ''",
            "smi:v1alpha1:istio   | V1ALPHA1 | istio",
            "smi:v1alpha2:linkerd | V1ALPHA2 | linkerd",
            "smi:v1alpha3:kuma    | V1ALPHA3 | kuma"})
    void parsesTheVersionAndTheMesh(String id, SmiVersion version, String mesh) {
        SmiProvider provider = SmiProvider.parse(id);

        assertThat(provider).isEqualTo(new SmiProvider(id, version, mesh));
        assertThat(SmiProvider.isSmi(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"istio", "smi", "smi:", "smi:v1alpha4", "smi:v1alpha2:", "smi:v1beta1:linkerd", "Linkerd", "gatewayapi:v1beta1"})
    void refusesAnythingElseNamingTheField(String id) {
        assertThatThrownBy(() -> SmiProvider.parse(id)).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageStartingWith("spec.provider: \"" + id + "\" is not an SMI provider");
        assertThat(SmiProvider.isSmi(id)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"V1ALPHA1, split.smi-spec.io/v1alpha1, true", "V1ALPHA2, split.smi-spec.io/v1alpha2, false",
            "V1ALPHA3, split.smi-spec.io/v1alpha3, false"})
    void versionsNameTheirApiAndWeightEncoding(SmiVersion version, String apiVersion, boolean quantities) {
        assertThat(version.apiVersion()).isEqualTo(apiVersion);
        assertThat(version.quantityWeights()).isEqualTo(quantities);
        assertThat(version.trafficSplits().getPlural()).isEqualTo("trafficsplits");
        assertThat(version.trafficSplits().getGroup()).isEqualTo("split.smi-spec.io");
    }
}
