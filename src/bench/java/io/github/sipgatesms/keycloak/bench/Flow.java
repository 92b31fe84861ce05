package io.github.sipgatesms.keycloak.bench;

import java.util.List;
import java.util.Locale;

/**
 * The login flows the benchmark puts side by side; A, B and C each have their own client bound to their own browser
 * flow. C is measured twice: {@link #C} with returning users (each has logged in with an SMS before), {@link #CF} with
 * users whose first SMS login it is (the first right code records the administrator's number as proven). Every
 * user of B, C and CF has logged in once before the measurement (a password-only login), so no flow pays for loading
 * users into Keycloak's cache that the others do not. {@link #P} is phone sign-in (the number, then the SMS code, no
 * password), measured beside {@link #A}, Keycloak's Username Password Form, in a realm of over 10 000 users.
 */
public enum Flow {
    A("password"), B("password + OTP form"), C("password + SMS (returning)"), CF("password + SMS (first SMS)"),
    P("phone sign-in");

    private final String label;

    Flow(String label) {
        this.label = label;
    }

    /** The steps, for tables and the CSV. */
    public String label() {
        return label;
    }

    /** The client (and browser flow alias) of this flow. */
    public String client() {
        return "bench-" + (this == CF ? "c" : name().toLowerCase(Locale.ROOT));
    }

    /** The flows with a client and a browser flow of their own. */
    static List<Flow> withClient() {
        return List.of(A, B, C, P);
    }
}
