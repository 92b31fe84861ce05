package io.github.sipgatesms.keycloak.bench;

/** One complete login: all of it, and its second-factor part (password POST plus code POST), in milliseconds. */
record Sample(double loginMillis, double factorMillis) {
}
