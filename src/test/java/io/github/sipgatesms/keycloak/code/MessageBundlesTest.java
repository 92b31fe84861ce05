package io.github.sipgatesms.keycloak.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("message bundles")
class MessageBundlesTest {

    private static Properties bundle(String language) throws IOException {
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream("/theme-resources/messages/messages_" + language + ".properties")) {
            assertThat(in).as("bundle " + language).isNotNull();
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "fr", "es", "it", "nl", "pl", "pt", "sv", "cs"})
    @DisplayName("every language has every key of the English bundle, with the same placeholders")
    void complete(String language) throws IOException {
        Properties english = bundle("en");
        Properties other = bundle(language);
        assertThat(other.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        for (String key : english.stringPropertyNames()) {
            assertThat(placeholders(other.getProperty(key))).as(language + " " + key).isEqualTo(placeholders(english.getProperty(key)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "cs"})
    @DisplayName("every key the template, the code and 'try another way' use exists")
    void usedKeysExist(String language) throws IOException {
        Properties messages = bundle(language);
        String template = Files.readString(Path.of("themes/templates/login-sipgate-sms.ftl"))
            + Files.readString(Path.of("themes/templates/sipgate-sms-register-phone.ftl"))
            + Files.readString(Path.of("themes/templates/sipgate-sms-passkey-nudge.ftl"));
        Matcher msg = Pattern.compile("msg\\(\"([^\"]+)\"").matcher(template);
        int used = 0;
        while (msg.find()) {
            used++;
            if (!msg.group(1).equals("doSubmit")) {
                assertThat(messages).containsKey(msg.group(1));
            }
        }
        assertThat(used).as("msg(\"...\") calls found in the templates").isGreaterThan(5);
        for (var field : MessageKeys.class.getDeclaredFields()) {
            if (field.getType() == String.class) {
                field.setAccessible(true);
                try {
                    assertThat(messages).containsKey((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(messages).containsKeys("sipgate-sms-display-name", "sipgate-sms-help-text", "sipgate-sms-text");
        for (Purpose purpose : Purpose.values()) {
            assertThat(messages).containsKey(purpose.textKey());
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\{\\d}").matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }
}
