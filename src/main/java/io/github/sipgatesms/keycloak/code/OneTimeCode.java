package io.github.sipgatesms.keycloak.code;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import org.keycloak.common.util.SecretGenerator;

/**
 * Generation and hashing of one-time codes. Codes come from Keycloak's {@link SecretGenerator}
 * (a {@code SecureRandom}); only a salted SHA-256 bound to the authentication session is stored,
 * and comparison is constant-time ({@link MessageDigest#isEqual}), per OWASP ASVS 2.7.5.
 */
final class OneTimeCode {

    private OneTimeCode() {
    }

    /** A code of {@code length} decimal digits, leading zeros included. */
    static String generate(int length) {
        return SecretGenerator.getInstance().randomString(length, SecretGenerator.DIGITS);
    }

    /** A random salt for one code, base64. */
    static String newSalt() {
        return Base64.getEncoder().withoutPadding().encodeToString(SecretGenerator.getInstance().randomBytes(16));
    }

    /** Hash of the code, bound to the salt and to the authentication session (tab) it was issued for. */
    static String hash(String code, String salt, String binding) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(binding.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(code.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().withoutPadding().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Constant-time comparison of an entered code against a stored hash. */
    static boolean matches(String entered, String salt, String binding, String storedHash) {
        if (entered == null || salt == null || binding == null || storedHash == null) {
            return false;
        }
        byte[] actual = hash(entered, salt, binding).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = storedHash.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, expected);
    }
}
