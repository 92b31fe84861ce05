package io.github.sipgatesms.keycloak.limits;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Whose requests count together against {@code maxSmsPerAddressPerHour} (SECURITY.md 42): an IPv4 client by its
 * address; an IPv6 client by its /64, the block one subscriber gets and can pick new addresses from for each request.
 * Only an address literal is read (Keycloak reports the peer or, behind a proxy, the forwarded address); nothing is
 * resolved.
 */
public final class AddressKey {

    private static final int IPV6_PREFIX_BYTES = 8;

    private AddressKey() {
    }

    /** The key of {@code address}: the IPv4 address, or {@code <first 64 bits in hex>/64} of an IPv6 one; else as given. */
    public static String of(String address) {
        if (address == null || address.isBlank()) {
            return "";
        }
        String literal = address.trim();
        if (literal.indexOf(':') < 0 || !literal.matches("[0-9A-Fa-f:.%\\[\\]a-zA-Z0-9]+")) {
            return literal;
        }
        try {
            // an IPv6 literal: parsed, never looked up (a zone id after % is dropped)
            String bare = literal.replace("[", "").replace("]", "").replaceAll("%.*$", "");
            InetAddress parsed = InetAddress.getByName(bare);
            if (parsed instanceof Inet6Address) {
                return HexFormat.of().formatHex(Arrays.copyOf(parsed.getAddress(), IPV6_PREFIX_BYTES)) + "/64";
            }
            // an IPv4-mapped IPv6 address comes back as IPv4
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
