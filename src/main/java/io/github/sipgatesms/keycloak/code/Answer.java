package io.github.sipgatesms.keycloak.code;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.UserModel;

/**
 * The exchange's one answer to a request, which an SPI adapter turns into exactly one Keycloak call: {@code challenge},
 * {@code failureChallenge}, {@code forceChallenge} or {@code success}.
 *
 * @param kind which call
 * @param page the page to show; null for {@link Kind#SUCCESS} and {@link Kind#PASSED}
 * @param user the user a right code identified where the login had none (phone sign-in); otherwise null
 */
public record Answer(Kind kind, Response page, UserModel user) {

    /** Which Keycloak call answers the request. */
    public enum Kind {
        /** Show the page ({@code challenge}). */
        CHALLENGE,
        /** A wrong code: show the page and count a failed login ({@code failureChallenge}, category {@code otp}). */
        FAILURE,
        /** Show the page even where an alternative execution could take over ({@code forceChallenge}). */
        FORCE,
        /** A right code ({@code success} with the OTP credential type, so Keycloak clears the OTP failure count). */
        SUCCESS,
        /** A trusted browser passed the step without a code ({@code success}, no credential checked). */
        PASSED
    }

    static Answer challenge(Response page) {
        return new Answer(Kind.CHALLENGE, page, null);
    }

    static Answer failure(Response page) {
        return new Answer(Kind.FAILURE, page, null);
    }

    static Answer force(Response page) {
        return new Answer(Kind.FORCE, page, null);
    }

    static Answer success(UserModel user) {
        return new Answer(Kind.SUCCESS, null, user);
    }

    static Answer passed() {
        return new Answer(Kind.PASSED, null, null);
    }
}
