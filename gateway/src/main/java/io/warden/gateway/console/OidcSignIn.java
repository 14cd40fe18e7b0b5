package io.warden.gateway.console;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2AuthorizationURL;
import io.vertx.ext.auth.oauth2.OAuth2FlowType;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.Oauth2Credentials;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.RoutingContext;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in with the district's OpenID Connect provider: authorization code with PKCE (S256), state
 * and nonce, the provider found by its discovery document.
 *
 * <p>{@link #login} keeps what the callback needs server-side by {@code state} ({@link OidcPendingLogins}:
 * ten minutes, used once) and ties it to the browser with a short-lived HttpOnly cookie, so a callback
 * link made in another browser (login CSRF) signs nobody in. {@link #callback} exchanges the code with the
 * PKCE verifier, checks the ID token ({@link OidcIdToken}), maps the role from the configured rules,
 * writes {@code console.sign_in} to the audit trail and only then creates the session. Every refusal is
 * a small plain page (never a stack) and a {@code console.sign_in_refused} record, limited per source like
 * the API's refusals ({@link SignInRefusals}): a source refused too often gets a 429 page with
 * {@code Retry-After}, and its repeats are summarised. A successful sign-in is never counted. Codes,
 * states, nonces, tokens and the client secret are never logged or audited.
 *
 * <p>Thread-safe: one instance serves every API event loop; nothing here blocks.
 */
public final class OidcSignIn {
    private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
    public static final String LOGIN_PATH = "/auth/oidc/login";
    public static final String CALLBACK_PATH = "/auth/oidc/callback";
    private static final Duration PROVIDER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration HEALTH_MAX_AGE = Duration.ofMinutes(1);
    private static final int MAX_PENDING = 10_000;
    /** Sign-ins one address may have under way (a school behind one proxy: its staff at the start of a day). */
    private static final int MAX_PENDING_PER_SOURCE = 500;
    private static final int MAX_DETAIL_CHARS = 200;

    /** The provider as last seen: {@code ok} when its discovery document and keys were read. */
    public record Health(boolean ok, String detail, Instant checkedAt) {}

    private final Vertx vertx;
    private final ConsoleOptions options;
    private final ConsoleOptions.Oidc oidc;
    private final ConsoleSessions sessions;
    private final AuditStore audit;
    private final SignInRefusals refusals;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final OidcPendingLogins pending = new OidcPendingLogins(MAX_PENDING, MAX_PENDING_PER_SOURCE);
    private final AtomicReference<Future<OAuth2Auth>> provider = new AtomicReference<>();
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Health health;

    /** @param refusals where refused sign-ins are limited and audited: the API's, shared with its refused requests */
    public OidcSignIn(Vertx vertx, ConsoleOptions options, ConsoleSessions sessions, AuditStore audit, SignInRefusals refusals, Clock clock) {
        this.vertx = vertx;
        this.options = options;
        this.oidc = options.oidc();
        this.sessions = sessions;
        this.audit = audit;
        this.refusals = refusals;
        this.clock = clock;
        this.health = new Health(false, oidc == null ? "no OpenID Connect provider configured" : "not checked yet", null);
    }

    /** {@code GET /auth/oidc/login?returnTo=/lockdown}: 302 to the provider's authorization endpoint. */
    public void login(RoutingContext ctx) {
        if (notConfigured(ctx)) return;
        String returnTo = ConsolePaths.localPath(ctx.request().getParam("returnTo"));
        String redirectUri = redirectUri(ctx);
        if (redirectUri == null) {
            refuse(ctx, 400, null, "no usable Host header", "Sign-in could not start", "The request did not say which address it was sent to.");
            return;
        }
        provider().onComplete(ar -> {
            if (ar.failed()) {
                refuse(ctx, 503, null, "provider unreachable: " + detail(ar.cause()), "Sign-in with " + oidc.providerName() + " is not available",
                        "The gateway could not reach " + oidc.providerName() + " (" + detail(ar.cause()) + "). Try again in a minute; "
                                + "if it persists, tell the district's IT staff.");
                return;
            }
            Instant now = clock.instant();
            String state = random();
            String nonce = random();
            String verifier = random();
            String browser = random();
            pending.put(state, source(ctx), new OidcPendingLogins.Pending(nonce, verifier, browser, redirectUri, returnTo, now.plus(OidcPendingLogins.TTL)), now);
            String url = ar.result().authorizeURL(new OAuth2AuthorizationURL().setRedirectUri(redirectUri).setScopes(oidc.scopes())
                    .setState(state).setCodeChallenge(s256(verifier)).setCodeChallengeMethod("S256").putAdditionalParameter("nonce", nonce));
            ctx.response().addCookie(browserCookie(ctx, browser, OidcPendingLogins.TTL.toSeconds()));
            redirect(ctx, url);
        });
    }

    /**
     * {@code GET /auth/oidc/callback?code&state}: exchanges the code, checks the ID token (issuer,
     * audience, expiry, nonce), maps the role, creates the session (cookie set by {@link ConsoleCookies}),
     * audits the sign-in, then 302 to the page it started from. Any failure: a plain page naming what went
     * wrong (and audited), never a session.
     */
    public void callback(RoutingContext ctx) {
        if (notConfigured(ctx)) return;
        OidcPendingLogins.Pending p = pending.take(ctx.request().getParam("state"), clock.instant());
        Cookie tie = ctx.request().getCookie(browserCookieName(ctx)); // before the clearing one below replaces it in the jar
        if (p != null) ctx.response().addCookie(browserCookie(ctx, "", 0));
        if (p == null) {
            refuse(ctx, 400, null, "unknown, used or expired state", "This sign-in link has expired",
                    "It was already used, is older than ten minutes, or did not come from this gateway. Start again.");
            return;
        }
        if (tie == null || !MessageDigest.isEqual(tie.getValue().getBytes(StandardCharsets.UTF_8), p.browser().getBytes(StandardCharsets.UTF_8))) {
            refuse(ctx, 400, null, "callback in another browser than the sign-in started in", "Sign-in did not start in this browser",
                    "Start again from the sign-in page in the browser you want to use.");
            return;
        }
        // The provider's words only once the callback is this browser's own sign-in: anyone can link to the
        // callback with an error text, which would otherwise be shown on the gateway's page as the provider's.
        String error = ctx.request().getParam("error");
        if (error != null) {
            String why = OidcIdToken.clean(error + Optional.ofNullable(ctx.request().getParam("error_description")).map(d -> ": " + d).orElse(""));
            refuse(ctx, 401, null, "provider refused: " + cap(why), oidc.providerName() + " did not sign you in",
                    oidc.providerName() + " answered: " + cap(why) + ".");
            return;
        }
        String code = ctx.request().getParam("code");
        if (code == null || code.isEmpty()) {
            refuse(ctx, 400, null, "callback without a code", "Sign-in failed", oidc.providerName() + " sent no authorization code. Start again.");
            return;
        }
        provider().compose(auth -> auth.authenticate(new Oauth2Credentials().setFlow(OAuth2FlowType.AUTH_CODE).setCode(code)
                        .setRedirectUri(p.redirectUri()).setCodeVerifier(p.verifier())).timeout(PROVIDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .onComplete(ar -> {
                    if (ar.succeeded()) signIn(ctx, p, ar.result());
                    else refuse(ctx, 502, null, "token request failed: " + detail(ar.cause()), "Sign-in failed",
                            oidc.providerName() + " did not accept the sign-in (" + detail(ar.cause()) + "). Start again.");
                });
    }

    /** Reads the discovery document now (health touches the provider): fails naming why. */
    public Future<Void> check() {
        if (oidc == null) return Future.failedFuture(health.detail());
        return discover().onSuccess(auth -> {
            // fresh keys too; the one it replaces stops refreshing its own
            Future<OAuth2Auth> old = provider.getAndSet(Future.succeededFuture(auth));
            if (old != null && old.succeeded() && old.result() instanceof io.vertx.core.Closeable c) c.close(Promise.promise());
        }).mapEmpty();
    }

    /**
     * The provider as last seen, without waiting; a reading older than a minute starts a {@link #check}
     * in the background, so polling health touches the provider at most about once a minute.
     */
    public Health health() {
        Health h = health;
        boolean stale = h.checkedAt() == null || h.checkedAt().plus(HEALTH_MAX_AGE).isBefore(clock.instant());
        if (oidc != null && stale && checking.compareAndSet(false, true)) check().onComplete(ar -> checking.set(false));
        return h;
    }

    /** {@link #health} for {@code /health}: {@code status} ok, failed or unchecked, the provider's name, the detail, when. */
    public JsonObject healthJson() {
        Health h = health();
        String status = h.checkedAt() == null ? "unchecked" : h.ok() ? "ok" : "failed";
        return new JsonObject().put("status", status).put("provider", oidc == null ? null : oidc.providerName()).put("detail", h.detail())
                .put("checkedAt", h.checkedAt() == null ? null : h.checkedAt().toString());
    }

    private void signIn(RoutingContext ctx, OidcPendingLogins.Pending p, User user) {
        JsonObject claims = user.attributes().getJsonObject("idToken");
        if (claims == null) {
            refuse(ctx, 502, null, "no ID token, or its signature did not verify with the provider's keys", "Sign-in failed",
                    oidc.providerName() + " sent no ID token this gateway could verify. Start again.");
            return;
        }
        String problem = OidcIdToken.problem(claims, oidc.issuer().toString(), oidc.clientId(), p.nonce(), clock.instant());
        if (problem != null) {
            refuse(ctx, 401, null, problem, "Sign-in failed", "The answer from " + oidc.providerName() + " did not pass the checks: " + problem + ".");
            return;
        }
        String display = OidcIdToken.displayName(claims);
        String subject = OidcIdToken.subject(oidc.issuer().getHost(), claims);
        String who = display + " (" + subject + ")";
        Optional<Role> role = OidcIdToken.role(claims, oidc.roles());
        String email = claims.getValue("email") instanceof String e ? " email=" + OidcIdToken.printable(e) : "";
        if (role.isEmpty()) {
            refuse(ctx, 403, who, "no role rule matched; subject=" + subject + email, "Your account may not use Warden",
                    "You signed in as " + display + ", but no rule of this gateway gives that account a role. Ask the district's IT staff.");
            return;
        }
        Principal principal = new Principal(who, role.get());
        record(ctx, "console.sign_in", who, "ok", "method=oidc subject=" + subject + " role=" + role.get().id() + email).onComplete(ar -> {
            if (ar.failed()) {
                page(ctx, 503, "Sign-in failed", "The audit trail could not be written, so nobody can sign in now. Tell the district's IT staff.");
                return;
            }
            String old = ConsoleCookies.get(ctx, options);
            if (old != null) sessions.end(old); // a new sign-in replaces the browser's session, never shares its id
            ConsoleCookies.set(ctx, sessions.create(principal, display, subject), ConsoleCookies.tls(ctx, options));
            LOG.info("event=console_sign_in method=oidc actor=\"{}\" role={} source={}", who, role.get().id(), source(ctx));
            redirect(ctx, p.returnTo());
        });
    }

    /** The provider, discovered once; a failed discovery is tried again by the next sign-in. */
    private Future<OAuth2Auth> provider() {
        Future<OAuth2Auth> current = provider.get();
        if (current != null && (!current.isComplete() || current.succeeded())) return current;
        Promise<OAuth2Auth> fresh = Promise.promise();
        if (!provider.compareAndSet(current, fresh.future())) return provider();
        discover().onComplete(fresh);
        return fresh.future();
    }

    private Future<OAuth2Auth> discover() {
        String issuer = oidc.issuer().toString().replaceAll("/+$", "");
        OAuth2Options o = new OAuth2Options().setSite(issuer).setClientId(oidc.clientId()).setClientSecret(oidc.clientSecret())
                .setValidateIssuer(true).setUserAgent("warden-gateway")
                .setHttpClientOptions(new HttpClientOptions().setConnectTimeout((int) PROVIDER_TIMEOUT.toMillis()));
        return OpenIDConnectAuth.discover(vertx, o).timeout(PROVIDER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .map(auth -> {
                    o.getJWTOptions().setIssuer(null); // OidcIdToken checks it, accepting Google's documented legacy form too
                    return auth;
                })
                .map(auth -> auth.missingKeyHandler(kid -> auth.jWKSet()
                        .onFailure(t -> LOG.warn("event=oidc_keys_refresh_failed issuer={} error=\"{}\"", issuer, detail(t)))))
                .onSuccess(a -> health = new Health(true, "discovery document and keys read from " + issuer, clock.instant()))
                .recover(t -> {
                    String why = "discovery at " + issuer + "/.well-known/openid-configuration failed: " + detail(t);
                    health = new Health(false, why, clock.instant());
                    LOG.warn("event=oidc_discovery_failed issuer={} error=\"{}\"", issuer, detail(t));
                    return Future.failedFuture(why);
                });
    }

    private boolean notConfigured(RoutingContext ctx) {
        if (oidc != null) return false;
        page(ctx, 404, "No sign-in provider", "This gateway has no OpenID Connect provider configured (console.oidc).");
        return true;
    }

    /**
     * Counts and audits the refusal ({@link SignInRefusals}, which logs it), then answers with a plain
     * page, or a 429 page when the source has been refused too often; a failing audit store is logged,
     * the refusal stands.
     */
    private void refuse(RoutingContext ctx, int status, String actor, String why, String title, String text) {
        PolicyCode code = status == 403 ? PolicyCode.FORBIDDEN : PolicyCode.UNAUTHORIZED;
        refusals.refused(ctx, actor == null ? "anonymous" : actor, code, status, "method=oidc why=" + why).onComplete(ar -> {
            long retryAfter = ar.succeeded() ? ar.result() : 0;
            if (retryAfter <= 0) {
                page(ctx, status, title, text);
                return;
            }
            if (!ctx.response().ended()) ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
            page(ctx, 429, "Too many failed sign-ins", "This address has been refused too often. Wait " + retryAfter
                    + " seconds, then start again from the sign-in page.");
        });
    }

    private static void page(RoutingContext ctx, int status, String title, String text) {
        if (ctx.response().ended()) return;
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").putHeader("Cache-Control", "no-store")
                .end(ConsolePaths.plainPage(title, text));
    }

    private static void redirect(RoutingContext ctx, String location) {
        if (ctx.response().ended()) return;
        ctx.response().setStatusCode(302).putHeader("Location", location).putHeader("Cache-Control", "no-store").end();
    }

    /** {@code publicUrl} + the callback path, else the address this request was sent to. */
    private String redirectUri(RoutingContext ctx) {
        if (options.publicUrl() != null) return options.publicUrl() + CALLBACK_PATH;
        try {
            URI u = URI.create(ctx.request().absoluteURI());
            return u.getScheme() == null || u.getRawAuthority() == null ? null : u.getScheme() + "://" + u.getRawAuthority() + CALLBACK_PATH;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Named, and Secure, like the session cookie ({@link ConsoleCookies#tls}). */
    private String browserCookieName(RoutingContext ctx) {
        return ConsoleCookies.tls(ctx, options) ? "__Host-warden_oidc" : "warden_oidc";
    }

    /** Lax: the provider's redirect back is a cross-site top-level GET, which carries it. */
    private Cookie browserCookie(RoutingContext ctx, String value, long maxAgeSeconds) {
        return Cookie.cookie(browserCookieName(ctx), value).setPath("/").setHttpOnly(true).setSecure(ConsoleCookies.tls(ctx, options))
                .setSameSite(CookieSameSite.LAX).setMaxAge(maxAgeSeconds);
    }

    /** Appends a console record ({@code console.sign_in}, as the demo sign-in writes it); a failure is logged. */
    private Future<Void> record(RoutingContext ctx, String type, String actor, String result, String detail) {
        AuditEntry e = new AuditEntry(clock.instant(), type, actor, source(ctx), null, null, null, null, null, "sign_in", result, detail);
        return audit.append(e).onFailure(t -> LOG.error("event=audit_append_failed type={} error=\"{}\"", type, t.toString())).mapEmpty();
    }

    private static String source(RoutingContext ctx) {
        var a = ctx.request().remoteAddress();
        return a == null ? null : a.hostAddress();
    }

    /** 256 random bits, base64url: states, nonces, PKCE verifiers (43 characters, as RFC 7636 allows). */
    private String random() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String detail(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return cap(OidcIdToken.clean(m.replace('\n', ' ')));
    }

    private static String cap(String s) {
        return s.length() <= MAX_DETAIL_CHARS ? s : s.substring(0, MAX_DETAIL_CHARS) + "…";
    }
}
