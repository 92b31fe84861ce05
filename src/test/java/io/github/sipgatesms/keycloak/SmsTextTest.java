package io.github.sipgatesms.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SMS text")
class SmsTextTest {

    private static String pattern(String language) throws IOException {
        try (InputStream in = SmsTextTest.class.getResourceAsStream("/theme-resources/messages/messages_" + language + ".properties")) {
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties.getProperty(SmsText.MESSAGE_KEY);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    @DisplayName("names the service, holds the code and its validity, ends with '@host #code', fits one SMS")
    void shape(String language) throws IOException {
        String text = SmsText.format(pattern(language), Locale.forLanguageTag(language), "Acme Portal", "048213", 5, "login.example.com");
        assertThat(text).contains("Acme Portal").contains("048213").contains("5");
        assertThat(text).endsWith("\n@login.example.com #048213");
        assertThat(text.length()).isLessThanOrEqualTo(160);
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    @DisplayName("a long service name is shortened; the code and the last line stay whole")
    void longName(String language) throws IOException {
        String name = "A very long realm display name that goes on and on and on for many words";
        String host = "a-rather-long-keycloak-host.login.example.com";
        String text = SmsText.format(pattern(language), Locale.forLanguageTag(language), name, "0482139901", 10, host);
        assertThat(text.length()).isLessThanOrEqualTo(160);
        assertThat(text).endsWith("\n@" + host + " #0482139901").startsWith("A very lon");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    @DisplayName("the last line follows the WICG origin-bound one-time code format: '@host #code', no scheme or port, one space")
    void originBoundFormat(String language) throws IOException {
        String text = SmsText.format(pattern(language), Locale.forLanguageTag(language), "Acme", "048213", 5, "login.example.com");
        String[] lines = text.split("\n", -1);
        String last = lines[lines.length - 1];
        // https://wicg.github.io/sms-one-time-codes/: "@" origin-host, exactly one U+0020, "#" code, at the end of the message
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("@([^\\s:/#@]+) #([0-9]+)").matcher(last);
        assertThat(line.matches()).as(last).isTrue();
        assertThat(line.group(1)).isEqualTo("login.example.com");
        assertThat(line.group(2)).isEqualTo("048213");
        assertThat(text.substring(0, text.length() - last.length())).as("only the last line is origin-bound").doesNotContain("@login");
    }

    @Test
    @DisplayName("a quote or apostrophe in the service name passes through unchanged")
    void quotes() throws IOException {
        String text = SmsText.format(pattern("en"), Locale.ENGLISH, "O'Brien \"Bank\"", "123456", 5, "h.example");
        assertThat(text).startsWith("O'Brien \"Bank\":");
    }
}
