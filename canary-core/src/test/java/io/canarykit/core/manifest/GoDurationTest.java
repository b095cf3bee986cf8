package io.canarykit.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarykit.api.InvalidCanarySpecException;
import io.canarykit.api.model.GoDuration;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration parser/formatter of the model, as manifests use it. */
class GoDurationTest {

    @ParameterizedTest
    @CsvSource({"1m30s, PT1M30S", "500ms, PT0.5S", "2h, PT2H", "1.5h, PT1H30M", "0, PT0S", "30s, PT30S",
        "1h2m3.5s, PT1H2M3.5S", "250us, PT0.00025S", "-5s, PT-5S"})
    void parses(String text, String expected) {
        assertThat(GoDuration.parse(text)).isEqualTo(Duration.parse(expected));
        assertThat(GoDuration.tryParse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "1x", "m", "1.2.3s", "abc", "1m30", "10 s", ".s"})
    void rejects(String text) {
        assertThat(GoDuration.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(InvalidCanarySpecException.class)
                .hasMessageContaining("invalid duration \"" + text + "\"");
    }

    @ParameterizedTest
    @CsvSource({"PT1.515S, 1.515s", "PT0.5S, 500ms", "PT1M30S, 1m30s", "PT2H, 2h0m0s", "PT0S, 0s", "PT1M, 1m0s",
        "PT0.000001S, 1µs"})
    void formatsLikeGo(String duration, String expected) {
        assertThat(GoDuration.format(Duration.parse(duration))).isEqualTo(expected);
    }
}
