package io.warden.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Sign-ins under way: each taken once, forgotten when expired, bounded. */
class OidcPendingLoginsTest {
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    private static OidcPendingLogins.Pending pending(Instant start) {
        return new OidcPendingLogins.Pending("nonce", "verifier", "browser", "https://w/auth/oidc/callback", "/", start.plus(OidcPendingLogins.TTL));
    }

    @Test
    void aStateIsTakenOnceOnly() {
        OidcPendingLogins p = new OidcPendingLogins(10, 10);
        p.put("s1", "10.0.0.1", pending(T0), T0);
        assertThat(p.take("s1", T0.plusSeconds(1))).isNotNull();
        assertThat(p.take("s1", T0.plusSeconds(2))).isNull();
        assertThat(p.take(null, T0)).isNull();
    }

    @Test
    void anExpiredStateIsRefusedAndForgotten() {
        OidcPendingLogins p = new OidcPendingLogins(10, 10);
        p.put("s1", "10.0.0.1", pending(T0), T0);
        assertThat(p.take("s1", T0.plus(OidcPendingLogins.TTL))).isNull();
        p.put("s2", "10.0.0.1", pending(T0), T0);
        p.put("s3", "10.0.0.1", pending(T0.plus(Duration.ofMinutes(11))), T0.plus(Duration.ofMinutes(11)));
        assertThat(p.size()).as("s2 expired and purged").isEqualTo(1);
    }

    @Test
    void beyondTheBoundTheOldestIsDropped() {
        OidcPendingLogins p = new OidcPendingLogins(3, 3);
        for (int i = 0; i < 5; i++) p.put("s" + i, "10.0.0." + i, pending(T0), T0);
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.take("s0", T0)).isNull();
        assertThat(p.take("s1", T0)).isNull();
        assertThat(p.take("s4", T0)).isNotNull();
    }

    @Test
    void oneAddressStartingSignInsInALoopPushesOutOnlyItsOwn() {
        OidcPendingLogins p = new OidcPendingLogins(100, 4);
        p.put("jane", "10.0.0.7", pending(T0), T0);
        for (int i = 0; i < 1000; i++) p.put("flood" + i, "10.66.0.1", pending(T0), T0);
        assertThat(p.size()).isEqualTo(5);
        assertThat(p.take("flood995", T0)).as("the flood's oldest went").isNull();
        assertThat(p.take("flood999", T0)).isNotNull();
        assertThat(p.take("jane", T0)).as("another address's sign-in stays").isNotNull();
        for (int i = 0; i < 10; i++) p.put("again" + i, "10.66.0.1", pending(T0), T0);
        assertThat(p.size()).as("what was taken no longer counts against its address").isEqualTo(4);
    }

    @Test
    void itsTextNamesNoSecret() {
        assertThat(pending(T0).toString()).doesNotContain("nonce").doesNotContain("verifier").doesNotContain("browser");
    }
}
