package io.github.sipgatesms.keycloak.phone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("phone numbers")
class PhoneNumbersTest {

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
        "+49 151 23456789, DE, +4915123456789",
        "0151 23456789, DE, +4915123456789",
        "0151/234-567-89, DE, +4915123456789",
        "0049 151 23456789, DE, +4915123456789",
        "+4915123456789, US, +4915123456789",
        "0664 1234567, AT, +436641234567",
        "(201) 555-0123, US, +12015550123",
        "+33 6 12 34 56 78, DE, +33612345678"
    })
    @DisplayName("written any usual way, a number becomes E.164")
    void normalized(String raw, String region, String e164) {
        assertThat(PhoneNumbers.toE164(raw, region)).contains(e164);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12", "   ", "abc", "+49", "+999 1234567", "0151"})
    @DisplayName("anything that cannot be a phone number is refused")
    void refused(String raw) {
        assertThat(PhoneNumbers.toE164(raw, "DE")).isEmpty();
    }

    @Test
    @DisplayName("the region of a number is found")
    void region() {
        assertThat(PhoneNumbers.regionOf("+436641234567")).contains("AT");
        assertThat(PhoneNumbers.regionOf("+4915123456789")).contains("DE");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "+4915123456789, +49 ••• ••• 6789",
        "+12015550123, +1 ••• ••• 0123",
        "+353851234567, +353 ••• ••• 4567"
    })
    @DisplayName("a masked number shows the country code and the last digits only")
    void masked(String e164, String masked) {
        assertThat(PhoneNumbers.mask(e164)).isEqualTo(masked).doesNotContain(e164.substring(3, e164.length() - 4));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12", "+12", "garbage"})
    @DisplayName("masking never fails, and shows nothing of a malformed value")
    void maskGarbage(String raw) {
        assertThat(PhoneNumbers.mask(raw)).isEqualTo("•••");
    }
}
