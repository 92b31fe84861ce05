package io.github.sipgatesms.keycloak.credential;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;

/**
 * Who holds a number, for phone sign-in (docs/phone-sign-in.md): the user attribute {@value #ATTRIBUTE} holds the E.164
 * form of the number a user's codes go to ({@link UserNumber#current}), because the phone attribute holds numbers as
 * people wrote them and the registered number lives in credential data, and neither can be searched by number.
 * Keycloak's store searches an attribute by name and value on its index, so a lookup never walks the realm's users.
 * <p>
 * The index is a hint, never the proof: every user it names is checked against their number at that moment, so an
 * entry left behind (an import that wrote the attribute, an edit outside Keycloak, a user who wrote it themselves where
 * unmanaged attributes are editable) signs nobody in. It is written where the number changes: a registration, an
 * administrator's or the user's own profile change, a removed credential, every login (a number a directory sync or an
 * identity-provider mapper wrote, without an event, is indexed at the user's next login; {@link PhoneIndexListener}), a
 * right code at the SMS step, and the administrator's rebuild ({@code POST /admin/realms/{realm}/sipgate-sms/phone-index}).
 */
public final class PhoneIndex {

    /** The user attribute of the index: E.164, one value. */
    public static final String ATTRIBUTE = "sipgate-sms-phone-index";

    private static final Logger LOG = Logger.getLogger(PhoneIndex.class);

    /** The outcome of a lookup: the one enabled holder (or null), and 0, 1 or 2 (two or more) enabled users holding the number. */
    public record Holder(UserModel user, int count) {
        static final Holder NOBODY = new Holder(null, 0);
    }

    private PhoneIndex() {
    }

    /**
     * The one enabled user whose codes go to {@code e164} now; nobody for an unknown number, and nobody (with a WARN
     * naming the count, no ids) for a number several enabled users hold.
     */
    public static Holder holderOf(KeycloakSession session, RealmModel realm, String e164, SmsConfig config) {
        if (e164 == null) {
            return Holder.NOBODY;
        }
        // every entry is checked before the count is taken: stale entries never hide a second holder
        List<UserModel> holders = session.users().searchForUserByUserAttributeStream(realm, ATTRIBUTE, e164)
            .filter(user -> user.isEnabled() && holds(user, e164, config))
            .limit(2)
            .toList();
        if (holders.size() > 1) {
            LOG.warnf("sipgate-sms: phone sign-in in realm '%s': several enabled users hold the same number; it signs none of them in. "
                + "Give each user their own number (Users -> Attributes, or the user's 'Signing in' page).", realm.getName());
            return new Holder(null, holders.size());
        }
        return holders.isEmpty() ? Holder.NOBODY : new Holder(holders.get(0), 1);
    }

    /** Whether an account other than {@code user} has its codes going to {@code e164} now (enabled or not). */
    public static boolean othersHold(KeycloakSession session, RealmModel realm, UserModel user, String e164, SmsConfig config) {
        return e164 != null && session.users().searchForUserByUserAttributeStream(realm, ATTRIBUTE, e164)
            .anyMatch(other -> !other.getId().equals(user.getId()) && holds(other, e164, config));
    }

    /** Whether the user's codes go to {@code e164} now (the registered number, else the phone attribute). */
    public static boolean holds(UserModel user, String e164, SmsConfig config) {
        return e164 != null && e164.equals(UserNumber.current(user, config));
    }

    /** Writes the user's entry from their number now (removes it when there is none); writes only what differs. */
    public static void refresh(UserModel user, SmsConfig config) {
        String current = UserNumber.current(user, config);
        set(user, current != null && current.startsWith("+") ? current : null);
    }

    /** Sets the user's entry to {@code e164} (null: removes it), writing only what differs. */
    static void set(UserModel user, String e164) {
        List<String> stored = user.getAttributeStream(ATTRIBUTE).toList();
        if (e164 == null) {
            if (!stored.isEmpty()) {
                user.removeAttribute(ATTRIBUTE);
            }
        } else if (!stored.equals(List.of(e164))) {
            user.setSingleAttribute(ATTRIBUTE, e164);
        }
    }
}
