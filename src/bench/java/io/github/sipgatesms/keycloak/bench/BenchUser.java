package io.github.sipgatesms.keycloak.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.models.utils.TimeBasedOTP;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import io.github.sipgatesms.keycloak.testsupport.UsedSecrets;

/** A benchmark user: password only (A), with a TOTP secret (B) or with a mobile number (C). */
record BenchUser(String name, String otpSecret, String phone) {

    static final String PASSWORD = "bench-Passw0rd";

    /** HMAC-SHA1, 6 digits, 30 s: what the realm's default OTP policy and the credentials below say. */
    private static final TimeBasedOTP TOTP = new TimeBasedOTP("HmacSHA1", 6, 30, 1);

    static BenchUser passwordOnly(int i) {
        return new BenchUser(String.format("a-%05d", i), null, null);
    }

    static BenchUser withOtp(int i) {
        return new BenchUser(String.format("b-%05d", i), String.format("bench-otp-secret-%05d", i), null);
    }

    static BenchUser withPhone(int i) {
        String phone = String.format("+49151%08d", 20_000_000 + i);
        UsedSecrets.number(phone);
        return new BenchUser(String.format("c-%05d", i), null, phone);
    }

    UserRepresentation representation() {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(name);
        user.setEmail(name + "@bench.example.org");
        user.setFirstName("Bench");
        user.setLastName(name);
        user.setEmailVerified(true);
        user.setEnabled(true);
        List<CredentialRepresentation> credentials = new ArrayList<>();
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        credentials.add(password);
        if (otpSecret != null) {
            CredentialRepresentation otp = new CredentialRepresentation();
            otp.setType("otp");
            otp.setUserLabel("bench");
            otp.setSecretData("{\"value\":\"" + otpSecret + "\"}");
            otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
            credentials.add(otp);
        }
        user.setCredentials(credentials);
        if (phone != null) {
            user.setAttributes(Map.of("phoneNumber", List.of(phone)));
        }
        return user;
    }

    /** The TOTP code of the current 30-s window, as Keycloak's OTP form expects it. */
    String totp() {
        return TOTP.generateTOTP(otpSecret.getBytes(StandardCharsets.UTF_8));
    }
}
