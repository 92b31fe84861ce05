package io.github.sipgatesms.keycloak.phone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

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
        assertThat(PhoneNumbers.check(raw, region, Set.of()).e164()).isEqualTo(e164);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"12", "   ", "abc", "+49", "+999 1234567", "0151", "11880", "116117", "+49 32 12345678",
        "1-800-FLOWERS", "+49 151 2345678A", "0151 23456789 ext. 5", "+4915123456789;", "+49151234567890123456789"})
    @DisplayName("anything that cannot be a phone number (short codes, letters, no such range) is refused as missing or invalid")
    void refused(String raw) {
        PhoneNumbers.Check check = PhoneNumbers.check(raw, "DE", Set.of());
        assertThat(check.usable()).isFalse();
        assertThat(check.e164()).isNull();
        assertThat(check.problem()).isIn(PhoneNumbers.Problem.MISSING, PhoneNumbers.Problem.INVALID);
    }

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "+49 30 123456, FIXED_LINE",
        "+49 900 1234567, PREMIUM_RATE",
        "+49 800 1234567890, TOLL_FREE",
        "+49 180 12345, SHARED_COST",
        "+49 700 12345678, PERSONAL_NUMBER",
        "+49 164 12345, PAGER",
        "+49 1850 0123456, UAN",
        "+49 17799 1234567, VOICEMAIL",
        "+44 70 1234 5678, PERSONAL_NUMBER",
        "+44 7640 123456, PAGER",
        "+44 56 1234 5678, VOIP",
        "+44 55 1234 5678, UAN",
        "+33 8 91 12 34 56, PREMIUM_RATE",
        "+1 900 234 5678, PREMIUM_RATE",
        "+1 800 234 5678, TOLL_FREE",
        "+41 840 123 456, SHARED_COST"
    })
    @DisplayName("valid numbers that are not mobile (premium rate, toll free, shared cost, UAN, personal, pager...) get no codes")
    void notMobile(String raw, String type) {
        PhoneNumbers.Check check = PhoneNumbers.check(raw, "DE", Set.of());
        assertThat(check.problem()).isEqualTo(PhoneNumbers.Problem.NOT_MOBILE);
        assertThat(check.type()).isEqualTo(type);
        assertThat(check.e164()).isNull();
    }

    @Test
    @DisplayName("where the numbering plan cannot tell mobile from fixed line (North America), the number is accepted")
    void fixedLineOrMobile() {
        PhoneNumbers.Check check = PhoneNumbers.check("+1 201 555 0123", "DE", Set.of());
        assertThat(check.usable()).isTrue();
        assertThat(check.type()).isEqualTo("FIXED_LINE_OR_MOBILE");
    }

    @Test
    @DisplayName("allowedRegions refuses mobile numbers of other regions and names the region (not the number)")
    void allowedRegions() {
        assertThat(PhoneNumbers.check("+43 664 123456", "DE", Set.of("DE")).problem()).isEqualTo(PhoneNumbers.Problem.REGION_NOT_ALLOWED);
        assertThat(PhoneNumbers.check("+43 664 123456", "DE", Set.of("DE")).region()).isEqualTo("AT");
        assertThat(PhoneNumbers.check("+43 664 123456", "DE", Set.of("DE", "AT")).e164()).isEqualTo("+43664123456");
        assertThat(PhoneNumbers.check("0151 23456789", "DE", Set.of("DE")).e164()).isEqualTo("+4915123456789");
    }

    @Test
    @DisplayName("the region of a number is found")
    void region() {
        assertThat(PhoneNumbers.check("+436641234567", "DE", Set.of()).region()).isEqualTo("AT");
        assertThat(PhoneNumbers.check("+4915123456789", "US", Set.of()).region()).isEqualTo("DE");
    }

    @Test
    @DisplayName("for claims, any valid number becomes E.164 (landlines too); without a region only numbers written with +")
    void anyValidNumber() {
        assertThat(PhoneNumbers.e164("+49 30 12345678", null)).contains("+493012345678");
        assertThat(PhoneNumbers.e164("0151 23456789", "DE")).contains("+4915123456789");
        assertThat(PhoneNumbers.e164("0151 23456789", null)).isEmpty();
        assertThat(PhoneNumbers.e164("1-800-FLOWERS", "US")).isEmpty();
        assertThat(PhoneNumbers.e164(null, "DE")).isEmpty();
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
