package io.github.sipgatesms.keycloak.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;


@DisplayName("SMS text")
class SmsTextTest {

    /** Every language with the text of every purpose (login, registration, reset). */
    static Stream<Arguments> texts() {
        return Stream.of("en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "cs")
            .flatMap(language -> Arrays.stream(Purpose.values()).map(Purpose::textKey).distinct().map(key -> Arguments.of(language, key)));
    }

    private static String pattern(String language) throws IOException {
        return pattern(language, Purpose.LOGIN.textKey());
    }

    private static String pattern(String language, String key) throws IOException {
        try (InputStream in = SmsTextTest.class.getResourceAsStream("/theme-resources/messages/messages_" + language + ".properties")) {
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties.getProperty(key);
        }
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    @DisplayName("each purpose's built-in text (a theme without the key) is the English bundle's")
    void fallbackIsEnglish(Purpose purpose) throws IOException {
        assertThat(purpose.fallbackText()).isEqualTo(pattern("en", purpose.textKey()));
    }

    @ParameterizedTest
    @MethodSource("texts")
    @DisplayName("names the service, holds the code and its validity, ends with '@host #code', fits one SMS")
    void shape(String language, String key) throws IOException {
        String text = SmsText.format(pattern(language, key), Locale.forLanguageTag(language), "Acme Portal", "048213", 5, "login.example.com");
        assertThat(text).contains("Acme Portal").contains("048213").contains("5");
        assertThat(text).endsWith("\n@login.example.com #048213");
        assertThat(text.length()).isLessThanOrEqualTo(160);
    }

    @ParameterizedTest
    @MethodSource("texts")
    @DisplayName("a long service name is shortened; the code and the last line stay whole")
    void longName(String language, String key) throws IOException {
        String name = "A very long realm display name that goes on and on and on for many words";
        String host = "a-rather-long-keycloak-host.login.example.com";
        String text = SmsText.format(pattern(language, key), Locale.forLanguageTag(language), name, "0482139901", 10, host);
        assertThat(text.length()).isLessThanOrEqualTo(160);
        assertThat(text).endsWith("\n@" + host + " #0482139901").startsWith("A very lon");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "cs"})
    @DisplayName("the last line follows the WICG origin-bound one-time code format: '@host #code', no scheme or port, one space")
    void originBoundFormat(String language) throws IOException {
        String text = SmsText.format(pattern(language), Locale.forLanguageTag(language), "Acme", "048213", 5, "login.example.com");
        String[] lines = text.split("\n", -1);
        String last = lines[lines.length - 1];
        // https://wicg.github.io/sms-one-time-codes/: "@" origin-host, exactly one U+0020, "#" code, at the end of the message
        Matcher line = Pattern.compile("@([^\\s:/#@]+) #([0-9]+)").matcher(last);
        assertThat(line.matches()).as(last).isTrue();
        assertThat(line.group(1)).isEqualTo("login.example.com");
        assertThat(line.group(2)).isEqualTo("048213");
        assertThat(text.substring(0, text.length() - last.length())).as("only the last line is origin-bound").doesNotContain("@login");
    }

    @ParameterizedTest
    @MethodSource("texts")
    @DisplayName("with a 24-character name, a 40-character host and a 10-digit code the whole text fits one GSM-7 SMS")
    void fitsOneSms(String language, String key) throws IOException {
        String name = "Stadtwerke Musterstadt24";
        String host = "login.stadtwerke-musterstadt.example.org";
        assertThat(name).hasSize(24);
        assertThat(host).hasSize(40);
        String text = SmsText.format(pattern(language, key), Locale.forLanguageTag(language), name, "0482139901", 10, host);
        assertThat(text).as("the name is not shortened").startsWith(name);
        assertThat(SmsText.gsm7Septets(text)).as("GSM-7 only (no UCS-2, which would allow 70 characters): " + text)
            .isBetween(1, 160);
        assertThat(text).endsWith("\n@" + host + " #0482139901");
    }

    @Test
    @DisplayName("a text that needs UCS-2 (a theme author's wording) is kept to 70 characters by shortening the name")
    void ucs2() {
        String pattern = "{0}: kod {1} \u2013 {2} min\n@{3} #{1}";
        String text = SmsText.format(pattern, Locale.ROOT, "A rather long service name here", "123456", 5, "id.example.org");
        assertThat(SmsText.gsm7Septets(text)).isEqualTo(-1);
        assertThat(text.length()).isLessThanOrEqualTo(70);
        assertThat(text).endsWith("\n@id.example.org #123456").startsWith("A rather");
        assertThat(SmsText.gsm7Septets("a{b}\u20ac")).as("extension characters count twice").isEqualTo(8);
    }

    @Test
    @DisplayName("a quote or apostrophe in the service name passes through unchanged")
    void quotes() throws IOException {
        String text = SmsText.format(pattern("en"), Locale.ENGLISH, "O'Brien \"Bank\"", "123456", 5, "h.example");
        assertThat(text).startsWith("O'Brien \"Bank\":");
    }

    @Test
    @DisplayName("segments as sipgate bills them: GSM-7 160 in one, 153 per part (extension characters count twice); UCS-2 70 in one, 67 per part")
    void segments() {
        assertThat(SmsText.segments("a".repeat(160))).isEqualTo(new SmsText.Segments("gsm7", 1));
        assertThat(SmsText.segments("a".repeat(161))).isEqualTo(new SmsText.Segments("gsm7", 2));
        assertThat(SmsText.segments("a".repeat(306))).isEqualTo(new SmsText.Segments("gsm7", 2));
        assertThat(SmsText.segments("a".repeat(307))).isEqualTo(new SmsText.Segments("gsm7", 3));
        assertThat(SmsText.segments("\u20ac".repeat(80))).isEqualTo(new SmsText.Segments("gsm7", 1));
        assertThat(SmsText.segments("\u20ac".repeat(81))).isEqualTo(new SmsText.Segments("gsm7", 2));
        assertThat(SmsText.segments("\u0436".repeat(70))).isEqualTo(new SmsText.Segments("ucs2", 1));
        assertThat(SmsText.segments("\u0436".repeat(71))).isEqualTo(new SmsText.Segments("ucs2", 2));
        assertThat(SmsText.segments("\u0436".repeat(134))).isEqualTo(new SmsText.Segments("ucs2", 2));
        assertThat(SmsText.segments("\u0436".repeat(135))).isEqualTo(new SmsText.Segments("ucs2", 3));
    }
}
