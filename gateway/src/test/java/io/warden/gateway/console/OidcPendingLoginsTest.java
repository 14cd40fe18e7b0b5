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
        OidcPendingLogins p = new OidcPendingLogins(10);
        p.put("s1", pending(T0), T0);
        assertThat(p.take("s1", T0.plusSeconds(1))).isNotNull();
        assertThat(p.take("s1", T0.plusSeconds(2))).isNull();
        assertThat(p.take(null, T0)).isNull();
    }

    @Test
    void anExpiredStateIsRefusedAndForgotten() {
        OidcPendingLogins p = new OidcPendingLogins(10);
        p.put("s1", pending(T0), T0);
        assertThat(p.take("s1", T0.plus(OidcPendingLogins.TTL))).isNull();
        p.put("s2", pending(T0), T0);
        p.put("s3", pending(T0.plus(Duration.ofMinutes(11))), T0.plus(Duration.ofMinutes(11)));
        assertThat(p.size()).as("s2 expired and purged").isEqualTo(1);
    }

    @Test
    void beyondTheBoundTheOldestIsDropped() {
        OidcPendingLogins p = new OidcPendingLogins(3);
        for (int i = 0; i < 5; i++) p.put("s" + i, pending(T0), T0);
        assertThat(p.size()).isEqualTo(3);
        assertThat(p.take("s0", T0)).isNull();
        assertThat(p.take("s1", T0)).isNull();
        assertThat(p.take("s4", T0)).isNotNull();
    }

    @Test
    void itsTextNamesNoSecret() {
        assertThat(pending(T0).toString()).doesNotContain("nonce").doesNotContain("verifier").doesNotContain("browser");
    }
}
