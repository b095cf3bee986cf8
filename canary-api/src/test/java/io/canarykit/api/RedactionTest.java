package io.canarykit.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            https://user:pa55@host/path?token=t0k&x=1#frag | https://user:***@host/path?token=***&x=***#***
            https://ghp_T0KEN@github.com/o/r                | https://***@github.com/o/r
            http://host:9090/api                            | http://host:9090/api
            not a url but user:pa55@host?token=t0k          | not a url but user:pa55@host?token=***
            ftp://u:p@h                                     | ftp://u:***@h
            NULL                                            | NULL
            """)
    void aUrlKeepsItsEndpointAndLosesWhatAuthenticates(String url, String expected) {
        assertThat(Redaction.url(url)).isEqualTo(expected);
    }

    @Test
    void theCredentialsOfAUrlAreListedForMaskingWhereverTheyAreEchoed() {
        assertThat(Redaction.secretsOf("https://user:pa55@host/p?token=t0ken&page=1#frag"))
                .containsExactly("pa55", "frag", "t0ken");
        assertThat(Redaction.secretsOf("https://ghp_T0KEN@github.com/o/r")).containsExactly("ghp_T0KEN");
        assertThat(Redaction.secretsOf("http://host:9090/")).isEmpty();
    }

    @Test
    void aChatAddressKeepsOnlyItsHostBecauseItsPathIsTheToken() {
        assertThat(Redaction.origin("https://hooks.slack.com/services/T0/B0/SECRET")).isEqualTo("https://hooks.slack.com/***");
        assertThat(Redaction.origin("no scheme SECRET")).isEqualTo("***");
    }

    @Test
    void freeTextLosesCredentialsInUrlsAuthHeadersAndAnyKnownSecret() {
        String text = "GET http://admin:hunter2@prom:9090/api?apikey=K3Y failed; Authorization: Bearer abcdef123 and S3CRET";

        assertThat(Redaction.text(text, List.of("S3CRET")))
                .isEqualTo("GET http://admin:***@prom:9090/api?apikey=*** failed; Authorization: Bearer *** and ***");
    }
}
