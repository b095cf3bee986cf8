package io.canarykit.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.CanarySpec;
import io.canarykit.api.model.CanaryStatus;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shipped CRD manifests are the generator's output for the default group. To regenerate after
 * a model change: {@code ./mvnw -pl canary-k8s -am verify -Dcanarykit.writeCrds=true}.
 */
class CrdManifestsTest {

    @Test
    void shippedCrdsEqualTheGeneratedOnes() throws IOException {
        for (CustomResourceDefinition crd : CanaryCrds.all(CanaryApiGroup.FLAGGER)) {
            String kind = crd.getSpec().getNames().getKind();
            String generated = CanaryCrds.toYaml(crd);
            if (Boolean.getBoolean("canarykit.writeCrds")) {
                Path file = Path.of("src/main/resources").resolve(CanaryCrds.resourceName(kind));
                Files.createDirectories(file.getParent());
                Files.writeString(file, generated);
            }
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(CanaryCrds.resourceName(kind))) {
                assertThat(in).as("shipped CRD for %s", kind).isNotNull();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .as("shipped CRD for %s is out of date: regenerate with -Dcanarykit.writeCrds=true", kind)
                        .isEqualTo(generated);
            }
        }
    }

    @Test
    void everyRecordComponentIsInTheCanarySchema() {
        var version = CanaryCrds.canary(CanaryApiGroup.FLAGGER).getSpec().getVersions().get(0);
        JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
        for (RecordComponent c : CanarySpec.class.getRecordComponents()) {
            assertThat(root.getProperties().get("spec").getProperties()).containsKey(c.getName());
        }
        for (RecordComponent c : CanaryStatus.class.getRecordComponents()) {
            assertThat(root.getProperties().get("status").getProperties()).containsKey(c.getName());
        }
        assertThat(version.getSubresources().getStatus()).isNotNull();
    }

    @Test
    void printerColumnsAreFlaggersAndPointIntoTheSchema() {
        var version = CanaryCrds.canary(CanaryApiGroup.FLAGGER).getSpec().getVersions().get(0);
        assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName()).containsExactly("Status", "Weight",
                "Suspended", "FailedChecks", "Interval", "Mirror", "StepWeight", "StepWeights", "MaxWeight", "LastTransitionTime");
        JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
        for (var column : version.getAdditionalPrinterColumns()) {
            JSONSchemaProps node = root;
            for (String part : column.getJsonPath().substring(1).split("\\.")) {
                assertThat(node.getProperties()).as(column.getJsonPath()).containsKey(part);
                node = node.getProperties().get(part);
            }
        }
    }

    @Test
    void groupIsConfigurable() {
        CustomResourceDefinition crd = CanaryCrds.canary(new CanaryApiGroup("canary.example.com", "v1"));
        assertThat(crd.getMetadata().getName()).isEqualTo("canaries.canary.example.com");
        assertThat(crd.getSpec().getVersions().get(0).getName()).isEqualTo("v1");
    }
}
