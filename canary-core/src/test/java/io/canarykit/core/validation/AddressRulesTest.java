package io.canarykit.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.MetricTemplate;
import io.canarykit.api.spi.AddressPolicy;
import io.canarykit.core.manifest.ManifestReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Webhook URLs and provider addresses: other schemes are errors, metadata and link-local hosts warnings, with their field paths. */
class AddressRulesTest {

    private static Canary canaryWithHook(String url) {
        return (Canary) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: Canary
                metadata: {name: web, namespace: prod}
                spec:
                  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  service: {port: 80}
                  analysis:
                    interval: 1m
                    threshold: 3
                    maxWeight: 50
                    stepWeight: 10
                    webhooks:
                      - {name: ok, url: "http://flagger-loadtester.test/"}
                      - {name: hook, url: "%s"}
                """.formatted(url), "test").resourcesOrThrow().get(0);
    }

    private static MetricTemplate template(String type, String address) {
        return (MetricTemplate) ManifestReader.read("""
                apiVersion: flagger.app/v1beta1
                kind: MetricTemplate
                metadata: {name: error-rate, namespace: prod}
                spec:
                  provider: {type: %s, address: "%s"}
                  query: vector(1)
                """.formatted(type, address), "test").resourcesOrThrow().get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://100.100.100.200/",
            "http://metadata.google.internal/computeMetadata/v1/", "https://169.254.1.2:8443/", "http://[fe80::1]/"})
    void aHookAtAMetadataOrLinkLocalAddressIsWarnedAboutAtItsPath(String url) {
        List<Violation> violations = CanaryValidator.validate(canaryWithHook(url));

        assertThat(violations).filteredOn(v -> v.path().equals("spec.analysis.webhooks[1].url")).singleElement()
                .satisfies(v -> {
                    assertThat(v.isError()).isFalse();
                    assertThat(v.message()).startsWith("is refused when called: ").contains(AddressPolicy.ENVIRONMENT_VARIABLE);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/", "http://localhost/", "http://10.0.0.5/", "https://hooks.example.com/"})
    void ordinaryAndLoopbackHooksPass(String url) {
        assertThat(CanaryValidator.validate(canaryWithHook(url))).filteredOn(v -> v.path().contains("webhooks")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://hooks.example.com/", "gopher://127.0.0.1/"})
    void aHookWithAnotherSchemeIsAnErrorAtItsPath(String url) {
        assertThat(CanaryValidator.validate(canaryWithHook(url)))
                .filteredOn(v -> v.path().equals("spec.analysis.webhooks[1].url") && v.isError())
                .singleElement().satisfies(v -> assertThat(v.message()).contains("must be an absolute http or https URL"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"prometheus", "datadog", "graphite"})
    void aProviderAtAMetadataAddressIsWarnedAbout(String type) {
        assertThat(MetricTemplateValidator.validate(template(type, "http://169.254.169.254:9090")))
                .filteredOn(v -> v.path().equals("spec.provider.address")).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("169.254.169.254").contains("refused"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///var/run/prometheus.sock", "ftp://prometheus:9090"})
    void aPrometheusAddressWithAnotherSchemeIsAnError(String address) {
        assertThat(MetricTemplateValidator.validate(template("prometheus", address)))
                .filteredOn(v -> v.path().equals("spec.provider.address") && v.isError()).hasSize(1);
    }
}
