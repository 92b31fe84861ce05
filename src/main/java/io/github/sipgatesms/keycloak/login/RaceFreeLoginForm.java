package io.github.sipgatesms.keycloak.login;

import java.net.URI;

import jakarta.ws.rs.core.MultivaluedHashMap;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The login form of the step: what {@link AuthenticationFlowContext#form()} builds, without its race. Keycloak 26.7's
 * {@code AuthenticationProcessor.form()} reads the forwarded error message (an auth note) twice, to test it and to add
 * it; when several requests of one login page run at once (double clicks, scripts), a concurrent request can remove
 * the note between the two reads, {@code addError(null)} follows, and {@code template.ftl} fails on a null
 * {@code message.summary}: HTTP 500. Here every forwarded message is read once and removed, as Keycloak does.
 */
public final class RaceFreeLoginForm {

    /** The auth notes of {@code AuthenticationProcessor}'s forwarded messages (RaceFreeLoginFormTest fails if Keycloak renames them). */
    public static final String FORWARDED_ERROR = "fwMessageError";
    public static final String FORWARDED_SUCCESS = "fwMessageSuccess";
    public static final String FORWARDED_INFO = "fwMessageInfo";

    private RaceFreeLoginForm() {
    }

    public static LoginFormsProvider of(AuthenticationFlowContext context) {
        return of(context, true);
    }

    /**
     * The form where no proof came before the step: without the flow's user, so that Keycloak's templates show nothing
     * that differs between accounts (the "attempted username" box appears only when a user is set, and a user's own
     * locale would choose the page's language).
     */
    public static LoginFormsProvider anonymous(AuthenticationFlowContext context) {
        return of(context, false);
    }

    private static LoginFormsProvider of(AuthenticationFlowContext context, boolean withUser) {
        String accessCode = context.generateAccessCode();
        URI action = context.getActionUrl(accessCode);
        LoginFormsProvider form = context.getSession().getProvider(LoginFormsProvider.class);
        if (withUser) {
            form.setAuthContext(context).setUser(context.getUser());
        }
        form.setAuthenticationSession(context.getAuthenticationSession())
            .setActionUri(action)
            .setExecution(context.getExecution().getId())
            .setFormData("post".equalsIgnoreCase(context.getHttpRequest().getHttpMethod())
                ? context.getHttpRequest().getDecodedFormParameters() : new MultivaluedHashMap<>())
            .setClientSessionCode(accessCode);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        FormMessage error = forwarded(context.getForwardedErrorMessage());
        FormMessage success = error == null ? forwarded(context.getForwardedSuccessMessage()) : null;
        FormMessage info = error == null && success == null ? forwarded(context.getForwardedInfoMessage()) : null;
        if (error != null) {
            form.addError(error);
            authSession.removeAuthNote(FORWARDED_ERROR);
        } else if (success != null) {
            form.addSuccess(success);
            authSession.removeAuthNote(FORWARDED_SUCCESS);
        } else if (info != null) {
            form.setInfo(info.getMessage(), info.getParameters());
            authSession.removeAuthNote(FORWARDED_INFO);
        }
        return form;
    }

    /** Keycloak's "try another way" screen posts the chosen execution as {@code authenticationExecution}. */
    public static boolean cameFromAuthenticatorSelection(AuthenticationFlowContext context) {
        return context.getHttpRequest() != null
            && context.getHttpRequest().getDecodedFormParameters().containsKey("authenticationExecution");
    }

    /** The message, when it can be shown (a concurrent request may have left one without text). */
    private static FormMessage forwarded(FormMessage message) {
        return message == null || message.getMessage() == null ? null : message;
    }
}
