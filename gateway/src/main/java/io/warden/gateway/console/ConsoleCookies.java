package io.warden.gateway.console;

import io.vertx.ext.web.RoutingContext;

/**
 * The session cookie (STUB: part "sessions" implements it): {@code __Host-warden_session} under TLS
 * (Secure), {@code warden_session} on plain HTTP; HttpOnly, SameSite=Lax (the provider's redirect back
 * to the callback is a cross-site top-level GET), Path=/.
 */
public final class ConsoleCookies {
    private ConsoleCookies() {}

    public static void set(RoutingContext ctx, ConsoleSessions.Ticket ticket, boolean tls) {
        throw new UnsupportedOperationException("stub");
    }

    /** The cookie's value, or null. */
    public static String get(RoutingContext ctx) {
        throw new UnsupportedOperationException("stub");
    }

    public static void clear(RoutingContext ctx, boolean tls) {
        throw new UnsupportedOperationException("stub");
    }
}
