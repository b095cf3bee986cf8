package io.canarykit.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashingTest {

    private static PodTemplateSpec template() {
        return new PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "podinfo").endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage("ghcr.io/stefanprodan/podinfo:6.0.0")
                .addNewPort().withName("http").withContainerPort(9898).endPort().endContainer().endSpec().build();
    }

    /** Golden value: SHA-256 of the canonical JSON, computed outside the JVM; stable across runs and JVMs. */
    @Test
    void specHashIsTheGoldenValue() {
        assertThat(Hashing.specHash(template()))
                .isEqualTo("8858395f718dc3133e36c12e14e61bc90986c0dafa4b0e527c6ce425a7cbeeba");
    }

    @Test
    void specHashIgnoresKeyOrderButNotContent() {
        PodTemplateSpec other = template();
        other.getMetadata().setAnnotations(Map.of());
        assertThat(Hashing.specHash(other)).isEqualTo(Hashing.specHash(template()));
        other.getSpec().getContainers().get(0).setImage("ghcr.io/stefanprodan/podinfo:6.0.1");
        assertThat(Hashing.specHash(other)).isNotEqualTo(Hashing.specHash(template()));
    }

    /** Flagger: first 8 bytes of SHA-256 of Go's json.Marshal(data) (sorted keys, HTML escapes). */
    @Test
    void configChecksumMatchesGo() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("color", "blue");
        data.put("a<b", "x&y");
        assertThat(Hashing.configChecksum(data)).isEqualTo("4462929cd70e6258");
    }
}
