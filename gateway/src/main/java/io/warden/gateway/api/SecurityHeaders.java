package io.warden.gateway.api;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.warden.gateway.console.ConsoleCookies;
import io.warden.gateway.console.ConsoleOptions;

/**
 * The headers every answer of the server carries, the API's as well as the console's: a
 * Content-Security-Policy that lets a page load only the gateway's own scripts, styles and images (no
 * inline script or style, no other origin, no framing), and the usual hardening. Strict-Transport-Security
 * when browsers reach the gateway over HTTPS: a TLS connection, or {@code console.publicUrl} https (a proxy
 * terminates TLS; RFC 6797 §7.2: a browser ignores it over plain HTTP, so it does no harm there).
 */
final class SecurityHeaders {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    static final String HSTS = "max-age=31536000";

    private SecurityHeaders() {}

    /**
     * Root handler: the headers are set as the head is written, so no handler's answer (a failure's too)
     * goes without them. {@code console} may say that browsers use HTTPS ({@link ConsoleCookies#tls}).
     */
    static Handler<RoutingContext> handler(ConsoleOptions console) {
        return ctx -> {
            boolean tls = ctx.request().isSSL() || ConsoleCookies.tls(ctx, console);
            ctx.addHeadersEndHandler(v -> add(ctx.response(), tls));
            ctx.next();
        };
    }

    /** Sets the headers on {@code res}, replacing any of the same name. */
    static HttpServerResponse add(HttpServerResponse res, boolean tls) {
        MultiMap h = res.headers();
        h.set("Content-Security-Policy", CSP);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        h.set("Cross-Origin-Opener-Policy", "same-origin");
        if (tls) h.set("Strict-Transport-Security", HSTS);
        return res;
    }
}
