package io.github.sipgatesms.keycloak.code;

import org.keycloak.models.UserModel;

import io.github.sipgatesms.keycloak.config.SmsConfig;

/**
 * What one request's exchange is made of, built once by {@link CodeExchange} and handed to the parts that act for it
 * (sending, accepting), so none of them reaches back into the exchange.
 *
 * @param user whom the codes are about: the login's user, or the holder of a typed number where nothing proved who is there
 */
record Parts(Request request, Purpose purpose, SmsConfig config, UserModel user, CodeStore store, NumberEntry numbers, CodePage page,
             Outcomes outcomes, CheckOutcomes checks, int trustDays) {
}
