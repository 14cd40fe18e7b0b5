package io.warden.gateway.console;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;

/**
 * The session cookie: {@code __Host-warden_session} under TLS (Secure), {@code warden_session} on plain
 * HTTP; HttpOnly, SameSite=Lax (the provider's redirect back to the callback is a cross-site top-level
 * GET), Path=/, no Domain, no Max-Age (it ends with the browser; the server ends it sooner).
 *
 * <p>Reading takes the {@code __Host-} cookie always (a browser accepts that name only with Secure, from
 * a secure origin, for this host alone, so nothing on the network or a sibling host can plant it) and
 * the plain one only when browsers use plain HTTP: neither over a TLS connection nor behind a proxy
 * that terminates TLS ({@code publicUrl} https), where a plain-named cookie can only have been planted.
 */
public final class ConsoleCookies {
    static final String SECURE_NAME = "__Host-warden_session";
    static final String PLAIN_NAME = "warden_session";

    private ConsoleCookies() {}

    /** @param tls whether browsers reach the gateway over HTTPS (directly or through a proxy that terminates TLS) */
    public static void set(RoutingContext ctx, ConsoleSessions.Ticket ticket, boolean tls) {
        ctx.response().addCookie(cookie(tls, ticket.cookieValue()));
    }

    /** The cookie's value, or null; {@code options} as for {@link #tls}. */
    public static String get(RoutingContext ctx, ConsoleOptions options) {
        Cookie c = ctx.request().getCookie(SECURE_NAME);
        if (c == null && !ctx.request().isSSL() && !tls(ctx, options)) c = ctx.request().getCookie(PLAIN_NAME);
        return c == null || c.getValue().isEmpty() ? null : c.getValue();
    }

    public static void clear(RoutingContext ctx, boolean tls) {
        ctx.response().addCookie(cookie(tls, "").setMaxAge(0));
    }

    /** Whether this request came over TLS: the default for {@code tls} above when no public address says otherwise. */
    public static boolean tls(RoutingContext ctx, ConsoleOptions options) {
        if (options != null && options.publicUrl() != null) return "https".equalsIgnoreCase(options.publicUrl().getScheme());
        return ctx.request().isSSL();
    }

    private static Cookie cookie(boolean tls, String value) {
        return Cookie.cookie(tls ? SECURE_NAME : PLAIN_NAME, value).setPath("/").setHttpOnly(true).setSecure(tls)
                .setSameSite(CookieSameSite.LAX);
    }
}
