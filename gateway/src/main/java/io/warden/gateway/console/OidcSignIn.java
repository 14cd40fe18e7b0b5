package io.warden.gateway.console;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.warden.gateway.audit.AuditStore;
import java.time.Clock;

/**
 * Sign-in with the district's OpenID Connect provider: authorization code with PKCE (S256), state
 * and nonce, the provider found by its discovery document (STUB: part "oidc" implements it; the
 * signatures are fixed).
 */
public final class OidcSignIn {
    public OidcSignIn(Vertx vertx, ConsoleOptions options, ConsoleSessions sessions, AuditStore audit, Clock clock) {
        throw new UnsupportedOperationException("stub");
    }

    /** {@code GET /auth/oidc/login?returnTo=/lockdown}: 302 to the provider's authorization endpoint. */
    public void login(RoutingContext ctx) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * {@code GET /auth/oidc/callback?code&state}: exchanges the code, checks the ID token (issuer,
     * audience, expiry, nonce), maps the role, creates the session (cookie set by {@link ConsoleCookies}),
     * audits the sign-in, then 302 to the page it started from. Any failure: a plain page naming what went
     * wrong (and audited), never a session.
     */
    public void callback(RoutingContext ctx) {
        throw new UnsupportedOperationException("stub");
    }

    /** Reads the discovery document now (health touches the provider): fails naming why. */
    public Future<Void> check() {
        throw new UnsupportedOperationException("stub");
    }
}
