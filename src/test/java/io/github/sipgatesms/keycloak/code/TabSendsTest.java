package io.github.sipgatesms.keycloak.code;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.github.sipgatesms.keycloak.testsupport.AuthSessions;

@DisplayName("what one tab sent: the resend countdown survives every re-render")
class TabSendsTest {

    private static final long NOW = 1_000_000;
    private final TabSends sends = new TabSends(AuthSessions.create("root-1", "tab-1"));

    @Test
    @DisplayName("a refusal's wait (the user's cooldown, longer than the tab's own) counts down until it ends")
    void heldResend() {
        sends.holdResend(NOW + 25);
        assertThat(sends.cooldownRemaining(NOW, 30)).isEqualTo(25);
        assertThat(sends.cooldownRemaining(NOW + 20, 30)).isEqualTo(5);
        assertThat(sends.cooldownRemaining(NOW + 25, 30)).isZero();
        assertThat(sends.sentCount()).as("nothing was sent from this tab").isZero();
    }

    @Test
    @DisplayName("the longer of the tab's own cooldown and a refusal's wait counts")
    void longerWins() {
        sends.holdResend(NOW + 10);
        sends.markSent(NOW);
        assertThat(sends.cooldownRemaining(NOW + 5, 30)).isEqualTo(25);
        sends.holdResend(NOW + 40);
        assertThat(sends.cooldownRemaining(NOW + 5, 30)).isEqualTo(35);
    }
}
