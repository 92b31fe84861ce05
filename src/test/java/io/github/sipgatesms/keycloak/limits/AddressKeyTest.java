package io.github.sipgatesms.keycloak.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.github.sipgatesms.keycloak.config.ServerOptions;
import io.github.sipgatesms.keycloak.config.SmsConfig;
import io.github.sipgatesms.keycloak.testsupport.InMemorySingleUseObjects;

@DisplayName("the per-address cap keys IPv6 clients by their /64 (SECURITY.md 42)")
class AddressKeyTest {

    @Test
    @DisplayName("addresses of one /64 share a key, in any notation; another /64 and IPv4 addresses have their own")
    void ipv6ByPrefix() {
        String key = AddressKey.of("2001:db8:aa:bb:1:2:3:4");
        assertThat(AddressKey.of("2001:db8:aa:bb:ffff:ffff:ffff:fffe")).isEqualTo(key);
        assertThat(AddressKey.of("2001:0db8:00aa:00bb::9")).isEqualTo(key);
        assertThat(AddressKey.of("[2001:db8:aa:bb::1]")).isEqualTo(key);
        assertThat(AddressKey.of("2001:db8:aa:bb::1%eth0")).isEqualTo(key);
        assertThat(key).isEqualTo("20010db800aa00bb/64");
        assertThat(AddressKey.of("2001:db8:aa:bc::1")).isNotEqualTo(key);
        assertThat(AddressKey.of("192.0.2.1")).isEqualTo("192.0.2.1").isNotEqualTo(AddressKey.of("192.0.2.2"));
        assertThat(AddressKey.of("::ffff:192.0.2.1")).as("IPv4-mapped: the IPv4 address").isEqualTo("192.0.2.1");
        assertThat(AddressKey.of(null)).isEmpty();
        assertThat(AddressKey.of("not:an:address:zz")).isEqualTo("not:an:address:zz");
    }

    @Test
    @DisplayName("a client picking a new address of its /64 for each request still meets the cap")
    void capHoldsAcrossOnePrefix() {
        SmsConfig config = SmsConfig.of(Map.of(), ServerOptions.NONE);
        InMemorySingleUseObjects store = new InMemorySingleUseObjects();
        SendLimits limits = new SendLimits(store, "realm");
        int allowed = 0;
        for (int i = 1; i <= config.maxSmsPerAddressPerHour() + 5; i++) {
            String address = "2001:db8:aa:bb::" + Integer.toHexString(i);
            if (store.request(() -> limits.claimAddress(address, config, 1_000).allowed())) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(config.maxSmsPerAddressPerHour());
        assertThat(store.request(() -> limits.claimAddress("2001:db8:aa:bc::1", config, 1_000).allowed())).as("another /64").isTrue();
    }
}
