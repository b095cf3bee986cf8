package io.canarykit.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarykit.api.model.Canary;
import io.canarykit.api.model.CanaryWebhook;
import io.canarykit.core.validation.Violation;
import java.io.IOException;
import java.io.Reader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each reading limit of {@link InputLimits} refuses hostile input with a violation that names it. */
class InputLimitsTest {

    private static final String CANARY = """
            apiVersion: flagger.app/v1beta1
            kind: Canary
            metadata: {name: web, namespace: prod}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
              service: {port: 80}
            """;

    private static List<Violation> errors(String content) {
        return ManifestReader.read(content, "hostile.yaml").allViolations().stream().filter(Violation::isError).toList();
    }

    @Test
    void aBillionLaughsIsRefusedByTheExpansionBudgetNotByTheHeap() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            String alias = "*a" + (level - 1);
            yaml.append("a").append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(9, alias))).append("]\n");
        }

        assertThat(errors(yaml.toString())).singleElement().satisfies(v -> {
            assertThat(v.path()).startsWith("line ");
            assertThat(v.message()).isEqualTo("exceeds a reading limit: YAML aliases expand to more than "
                    + InputLimits.MAX_NODES + " values");
        });
    }

    @Test
    void moreAliasesThanTheLimitAreRefusedEvenWhenEachIsCheap() {
        StringBuilder yaml = new StringBuilder("x: &x 1\nl:\n");
        for (int i = 0; i <= InputLimits.MAX_ALIASES; i++) {
            yaml.append("  - *x\n");
        }

        assertThat(errors(yaml.toString())).singleElement().extracting(Violation::message)
                .isEqualTo("exceeds a reading limit: more than " + InputLimits.MAX_ALIASES + " YAML aliases");
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedInYamlAndJson() {
        int depth = InputLimits.MAX_NESTING_DEPTH + 1;
        String yaml = "a: " + "[".repeat(depth) + "]".repeat(depth) + "\n";
        String json = "{\"a\": " + "[".repeat(depth) + "]".repeat(depth) + "}";

        for (String content : List.of(yaml, json)) {
            assertThat(errors(content)).singleElement().extracting(Violation::message)
                    .isEqualTo("exceeds a reading limit: nested deeper than " + InputLimits.MAX_NESTING_DEPTH + " levels");
        }
    }

    @Test
    void anAliasCannotSmuggleNestingPastTheLimit() {
        int half = InputLimits.MAX_NESTING_DEPTH / 2 + 1;
        String deep = "[".repeat(half) + "]".repeat(half);
        String yaml = "a: &deep " + deep + "\nb: " + "[".repeat(half) + "*deep" + "]".repeat(half) + "\n";

        assertThat(errors(yaml)).singleElement().extracting(Violation::message)
                .isEqualTo("exceeds a reading limit: alias *deep nests deeper than " + InputLimits.MAX_NESTING_DEPTH + " levels");
    }

    @Test
    void aSourceLongerThanTheLimitIsRefusedBeforeParsing() throws IOException {
        String huge = CANARY + "# " + "x".repeat(InputLimits.MAX_CHARACTERS) + "\n";
        Violation expected = Violation.error("document", "exceeds the limit of " + InputLimits.MAX_CHARACTERS
                + " characters per source");

        assertThat(errors(huge)).containsExactly(expected);
        assertThat(ManifestReader.read(new EndlessReader(), "stdin").allViolations()).containsExactly(expected);
    }

    @Test
    void aYamlLineLongerThanTheLimitIsRefusedButTheSameValueInJsonIsRead() {
        String value = "x".repeat(InputLimits.MAX_YAML_LINE);
        String yaml = CANARY + "  analysis: {webhooks: [{name: hook, url: \"http://h/" + value + "\"}]}\n";

        assertThat(errors(yaml)).containsExactly(Violation.error("line 7", "exceeds a reading limit: longer than "
                + InputLimits.MAX_YAML_LINE + " characters (a YAML line; JSON has no such limit)"));
        String json = "{\"apiVersion\": \"flagger.app/v1beta1\", \"kind\": \"Canary\", \"metadata\": {\"name\": \"web\"},"
                + " \"spec\": {\"targetRef\": {\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"name\": \"web\"},"
                + " \"service\": {\"port\": 80}, \"analysis\": {\"webhooks\": [{\"name\": \"hook\", \"url\": \"http://h/" + value + "\"}]}}}";
        assertThat(ManifestReader.read(json, "web.json").violations()).isEmpty();
    }

    @Test
    void anAliasToAnUndefinedAnchorIsAnErrorNotTheAnchorNameAsAValue() {
        assertThat(errors(CANARY + "  analysis: {webhooks: [{name: hook, url: *nowhere}]}\n"))
                .singleElement().extracting(Violation::message)
                .isEqualTo("exceeds a reading limit: alias *nowhere names no anchor defined before it");
    }

    @Test
    void anchorsAliasesAndMergeKeysReadAsKubectlReadsThem() {
        String yaml = CANARY + """
                  analysis:
                    interval: &every 1m
                    webhooks:
                      - &hook {name: load-test, url: "http://loadtester/", timeout: *every}
                      - <<: *hook
                        name: acceptance
                """;

        ReadResult result = ManifestReader.read(yaml, "anchors.yaml");

        assertThat(result.allViolations()).isEmpty();
        List<CanaryWebhook> hooks = ((Canary) result.resources().get(0)).analysis().webhooks();
        assertThat(hooks).extracting(CanaryWebhook::name).containsExactly("load-test", "acceptance");
        assertThat(hooks).extracting(CanaryWebhook::url).containsOnly("http://loadtester/");
        assertThat(hooks).extracting(CanaryWebhook::timeout).containsOnly("1m");
    }

    /** A reader that never ends, as a pipe from a runaway process would be. */
    private static final class EndlessReader extends Reader {
        @Override
        public int read(char[] buffer, int offset, int length) {
            java.util.Arrays.fill(buffer, offset, offset + length, '#');
            return length;
        }

        @Override
        public void close() {
        }
    }
}
