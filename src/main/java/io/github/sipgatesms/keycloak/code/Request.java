package io.github.sipgatesms.keycloak.code;

import java.util.function.Supplier;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.github.sipgatesms.keycloak.login.EarlierProof;
import io.github.sipgatesms.keycloak.login.ProoflessFlows;
import io.github.sipgatesms.keycloak.login.RaceFreeLoginForm;

/**
 * One request, read once from whichever SPI context Keycloak handed over: Keycloak's two SPIs give the same request in
 * two context types without a common interface ({@link AuthenticationFlowContext}, {@link RequiredActionContext}) and
 * build the login form differently (the step uses {@link RaceFreeLoginForm}: {@code AuthenticationProcessor.form()} races
 * with concurrent requests; the required action its context's form). Nothing below reads a context again.
 */
record Request(KeycloakSession session, RealmModel realm, UserModel flowUser, EventBuilder event, AuthenticationSessionModel authSession,
               Supplier<LoginFormsProvider> forms, MultivaluedMap<String, String> form, boolean fromSelection, EarlierProof proof,
               String flowAlias, long now) {

    /** A login step's request; {@code anonymous}: its pages show nothing of the flow's user (no proof came first). */
    static Request of(AuthenticationFlowContext context, EarlierProof proof, boolean anonymous) {
        Supplier<LoginFormsProvider> forms = anonymous ? () -> RaceFreeLoginForm.anonymous(context) : () -> RaceFreeLoginForm.of(context);
        return new Request(context.getSession(), context.getRealm(), context.getUser(), context.getEvent(), context.getAuthenticationSession(),
            forms, formOf(context.getHttpRequest() == null ? null : context.getHttpRequest().getDecodedFormParameters()),
            RaceFreeLoginForm.cameFromAuthenticatorSelection(context), proof, ProoflessFlows.flowName(context), Time.currentTime());
    }

    /** The required action's request. */
    static Request of(RequiredActionContext context) {
        return new Request(context.getSession(), context.getRealm(), context.getUser(), context.getEvent(), context.getAuthenticationSession(),
            context::form, formOf(context.getHttpRequest() == null ? null : context.getHttpRequest().getDecodedFormParameters()), false,
            EarlierProof.of(context.getSession(), context.getAuthenticationSession()), null, Time.currentTime());
    }

    private static MultivaluedMap<String, String> formOf(MultivaluedMap<String, String> form) {
        return form == null ? new MultivaluedHashMap<>() : form;
    }

    /** Whether the form holds the field (a submit button's name, a checkbox). */
    boolean has(String field) {
        return form.containsKey(field);
    }

    /** The field's first value, or null. */
    String field(String name) {
        return form.getFirst(name);
    }

    /** A checkbox that is checked. */
    boolean checked(String field) {
        String value = form.getFirst(field);
        return value != null && !value.isBlank();
    }
}
