package io.canarykit.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateRendererTest {

    private static final TemplateVariables VARS = new TemplateVariables("web", "prod", "web-target", "web-svc", "web-ing",
            "web-route", "2m", Map.of("app", "shop"), "5m30s");

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "{{ name }}|web", "{{namespace}}|prod", "{{ target }}|web-target", "{{ service }}|web-svc", "{{ ingress }}|web-ing",
        "{{ route }}|web-route", "{{ interval }}|2m", "{{ elapsed }}|5m30s", "{{ variables.app }}|shop",
        "rate(x{pod=~\"{{ target }}-[0-9a-z]+\"}[{{ interval }}])|rate(x{pod=~\"web-target-[0-9a-z]+\"}[2m])",
        "a  {{- target -}}  b|aweb-targetb", "a {{- target}} b|aweb-target b", "a {{target -}} b|a web-targetb"})
    void rendersFlaggersVariables(String template, String expected) {
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(template, VARS);

        assertThat(rendered.ok()).isTrue();
        assertThat(rendered.query()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "{{ variables.missing }}|executing at <variables.missing>: map has no entry for key \"missing\"",
        "{{ pod }}|function \"pod\" not defined",
        "{{ }}|missing value for command",
        "{{-}}|function \"-\" not defined",
        "{{- -}}|missing value for command",
        "{{-target}}|function \"-target\" not defined",
        "sum({{ target )|unclosed action at offset 4"})
    void aMissingKeyOrUnknownNameIsAnErrorNotAnEmptyString(String template, String error) {
        TemplateRenderer.Rendered rendered = TemplateRenderer.render(template, VARS);

        assertThat(rendered.ok()).isFalse();
        assertThat(rendered.error()).isEqualTo(error);
    }
}
