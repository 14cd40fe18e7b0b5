package io.warden.gateway.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The headers every answer of the server carries, the API's as well as the console's: a
 * Content-Security-Policy that lets a page load only the gateway's own scripts, styles and images (no
 * inline script or style, no other origin, no framing), and the usual hardening. Strict-Transport-Security
 * only on a TLS connection (RFC 6797 §7.2: a browser ignores it over plain HTTP).
 */
final class SecurityHeaders {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    static final String HSTS = "max-age=31536000";

    private SecurityHeaders() {}

    /** Root handler: the headers are set as the head is written, so no handler's answer (a failure's too) goes without them. */
    static void handle(RoutingContext ctx) {
        boolean tls = ctx.request().isSSL();
        ctx.addHeadersEndHandler(v -> add(ctx.response(), tls));
        ctx.next();
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
