package io.github.sipgatesms.keycloak.bench;

import java.util.Locale;

/** The three login flows the benchmark puts side by side; each has its own client bound to its own browser flow. */
public enum Flow {
    A("password"), B("password + OTP form"), C("password + sipgate-sms");

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
        return "bench-" + name().toLowerCase(Locale.ROOT);
    }
}
