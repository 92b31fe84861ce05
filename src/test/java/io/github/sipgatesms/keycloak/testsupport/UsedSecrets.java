package io.github.sipgatesms.keycloak.testsupport;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

/**
 * Every phone number and code a test JVM used, whatever became of it: numbers typed, given to users or posted to a
 * fake sipgate (also those the extension refused and those whose send failed or hung), codes sent and codes typed
 * (also wrong ones). The log scans search the servers' logs for each of them.
 */
public final class UsedSecrets {

    /** Shorter digit runs occur in log lines by chance (ports, durations); the scans skip them. */
    public static final int MIN_NUMBER_DIGITS = 7;
    private static final Pattern CODE_IN_TEXT = Pattern.compile("#(\\d{4,10})\\b");
    private static final Set<String> NUMBERS = ConcurrentHashMap.newKeySet();
    private static final Set<String> CODES = ConcurrentHashMap.newKeySet();

    private UsedSecrets() {
    }

    /** A number as typed or stored (any format): remembered as its national digits, how a log could spell it. */
    public static void number(String raw) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        String digits;
        try {
            digits = Long.toString(PhoneNumberUtil.getInstance().parse(raw, "DE").getNationalNumber());
        } catch (NumberParseException e) {
            digits = raw.replaceAll("\\D", "");
        }
        if (digits.length() >= MIN_NUMBER_DIGITS) {
            NUMBERS.add(digits);
        }
    }

    public static void code(String code) {
        if (code != null && !code.isBlank()) {
            CODES.add(code.strip());
        }
    }

    /** An SMS text: its code is the one after '#' in the origin-bound last line. */
    public static void smsText(String text) {
        Matcher m = CODE_IN_TEXT.matcher(text == null ? "" : text);
        while (m.find()) {
            code(m.group(1));
        }
    }

    public static Set<String> numbers() {
        return Set.copyOf(NUMBERS);
    }

    public static Set<String> codes() {
        return Set.copyOf(CODES);
    }
}
