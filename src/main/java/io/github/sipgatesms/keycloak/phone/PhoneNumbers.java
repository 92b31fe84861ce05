package io.github.sipgatesms.keycloak.phone;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Parsing and masking of phone numbers with libphonenumber (shaded into the jar).
 * Everything leaves here as E.164 ({@code +4915123456789}) or masked ({@code +49 ••• ••• 6789}).
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String DOTS = "\u2022\u2022\u2022";
    /** What people write in a phone number: digits, a leading +, spaces and the usual separators. No letters (vanity numbers). */
    private static final Pattern WRITTEN = Pattern.compile("\\+?[0-9 ()./\\-\\u00A0]{2,40}");

    /** Why a number cannot receive SMS codes. */
    public enum Problem {
        /** No number at all. */
        MISSING,
        /** Not a valid phone number (letters, too short, a short code, no such range). */
        INVALID,
        /** A valid number of a kind that must not get codes: fixed line, premium rate, toll free, shared cost, UAN, personal, pager, VoIP, voicemail. */
        NOT_MOBILE,
        /** A mobile number of a region outside {@code allowedRegions}. */
        REGION_NOT_ALLOWED
    }

    /**
     * The result of {@link #check}: the number in E.164 when it may receive SMS codes, otherwise the problem
     * and, when the number parsed, its type and region (for the administrator's log, never the number).
     */
    public record Check(String e164, Problem problem, String type, String region) {
        public boolean usable() {
            return problem == null;
        }
    }

    /**
     * Checks a number before it is used to send a code (docs/security.md): valid (libphonenumber), a mobile number,
     * or fixed-line-or-mobile where the numbering plan cannot tell them apart (e.g. North America), and in
     * {@code allowedRegions} when that is not empty.
     */
    public static Check check(String raw, String defaultRegion, Set<String> allowedRegions) {
        if (raw == null || raw.isBlank()) {
            return new Check(null, Problem.MISSING, null, null);
        }
        if (!WRITTEN.matcher(raw.trim()).matches()) {
            return new Check(null, Problem.INVALID, null, null);
        }
        Optional<PhoneNumber> parsed = parse(raw, defaultRegion);
        if (parsed.isEmpty()) {
            return new Check(null, Problem.INVALID, null, null);
        }
        PhoneNumber number = parsed.get();
        PhoneNumberType type = UTIL.getNumberType(number);
        String region = UTIL.getRegionCodeForNumber(number);
        if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            return new Check(null, Problem.NOT_MOBILE, type.name(), region);
        }
        if (!allowedRegions.isEmpty() && (region == null || !allowedRegions.contains(region))) {
            return new Check(null, Problem.REGION_NOT_ALLOWED, type.name(), region);
        }
        return new Check(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164), null, type.name(), region);
    }

    private PhoneNumbers() {
    }

    /** A mobile number of the region as people there write it (national format), for the registration hint; empty if unknown. */
    public static String exampleFor(String region) {
        PhoneNumber example = region == null ? null : UTIL.getExampleNumberForType(region, PhoneNumberType.MOBILE);
        return example == null ? "" : UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
    }

    /**
     * Any valid number (landlines too) in E.164, for claims; {@code region} for numbers written without +country
     * code, or null to accept only numbers written with it. Empty for anything else (letters, invalid).
     */
    public static Optional<String> e164(String raw, String region) {
        if (raw == null || !WRITTEN.matcher(raw.trim()).matches()) {
            return Optional.empty();
        }
        return parse(raw, region).map(number -> UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
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
