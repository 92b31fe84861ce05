package io.github.sipgatesms.keycloak.phone;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Parsing and masking of phone numbers with libphonenumber (shaded into the jar).
 * Everything leaves here as E.164 ({@code +4915123456789}) or masked ({@code +49 ••• ••• 6789}).
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String DOTS = "\u2022\u2022\u2022";

    private PhoneNumbers() {
    }

    /**
     * The number in E.164, or empty when it cannot be a valid phone number. Numbers written without
     * {@code +} are read in {@code defaultRegion}; {@code 00} international prefixes are understood.
     */
    public static Optional<String> toE164(String raw, String defaultRegion) {
        return parse(raw, defaultRegion).map(n -> UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
    }

    /** The ISO 3166 region of an E.164 number, or empty. */
    public static Optional<String> regionOf(String e164) {
        return parse(e164, null).map(UTIL::getRegionCodeForNumber);
    }

    static Optional<PhoneNumber> parse(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank() || raw.length() > 64) {
            return Optional.empty();
        }
        try {
            PhoneNumber number = UTIL.parse(raw.trim(), defaultRegion == null ? "ZZ" : defaultRegion);
            return UTIL.isValidNumber(number) ? Optional.of(number) : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A masked form for pages, logs and events: country code and the last digits only
     * (4 of a long number, 2 of a short one), e.g. {@code +49 ••• ••• 6789}. Never fails:
     * anything that is not a valid E.164 number is shown as dots only.
     */
    public static String mask(String e164) {
        if (e164 == null || !e164.matches("\\+\\d{6,15}")) {
            return DOTS;
        }
        Optional<PhoneNumber> parsed = parse(e164, null);
        String countryCode = parsed.map(n -> Integer.toString(n.getCountryCode())).orElse("");
        String national = e164.substring(1 + countryCode.length());
        int visible = national.length() >= 8 ? 4 : 2;
        if (national.length() <= visible) {
            return "+" + countryCode + " " + DOTS;
        }
        return "+" + countryCode + " " + DOTS + " " + DOTS + " " + national.substring(national.length() - visible);
    }
}
