package io.canarykit.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNameTest {

    private static final List<String> FIELDS = List.of("interval", "threshold", "maxWeight", "stepWeight", "stepWeights",
            "iterations", "metrics", "webhooks");

    @Test
    void suggestsTheNameOneTypoAway() {
        assertThat(ClosestName.to("treshold", FIELDS)).hasValue("threshold");
        assertThat(ClosestName.to("stepweight", FIELDS)).hasValue("stepWeight");
        assertThat(ClosestName.to("metircs", FIELDS)).hasValue("metrics");
        assertThat(ClosestName.hint("webhook", FIELDS)).isEqualTo(" (did you mean \"webhooks\"?)");
    }

    @Test
    void staysQuietForDifferentWordsAndExactNames() {
        assertThat(ClosestName.to("canaryReplicas", FIELDS)).isEmpty();
        assertThat(ClosestName.to("weight", FIELDS)).isEmpty();
        assertThat(ClosestName.to("step", FIELDS)).as("two names start with it").isEmpty();
        assertThat(ClosestName.to("interval", FIELDS)).isEmpty();
        assertThat(ClosestName.hint("foo", FIELDS)).isEmpty();
    }

    @Test
    void aLongerOrShorterSpellingOfOneNameIsSuggested() {
        assertThat(ClosestName.to("maximum", List.of("min", "max"))).hasValue("max");
        assertThat(ClosestName.to("minimum", List.of("min", "max"))).hasValue("min");
        assertThat(ClosestName.to("iter", FIELDS)).hasValue("iterations");
        assertThat(ClosestName.to("max", FIELDS)).hasValue("maxWeight");
    }

    @Test
    void shortNamesAllowOneEditLongOnesUpToThree() {
        assertThat(ClosestName.to("mx", List.of("max"))).hasValue("max");
        assertThat(ClosestName.to("mn", List.of("max"))).isEmpty();
        assertThat(ClosestName.to("requst-sucess-rat", List.of("request-success-rate"))).hasValue("request-success-rate");
        assertThat(ClosestName.distance("ab", "ba")).isEqualTo(1);
        assertThat(ClosestName.distance("kitten", "sitting")).isEqualTo(3);
    }
}
