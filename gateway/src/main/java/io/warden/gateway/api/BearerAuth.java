package io.warden.gateway.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.console.ConsoleCookies;
import io.warden.gateway.console.ConsoleOptions;
import io.warden.gateway.console.ConsoleSessions;
import io.warden.gateway.console.SignInRefusals;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Authorization: Bearer <token>} (or, without that header, the console's session cookie) to a
 * {@link Principal}, and the permission check. Both
 * refusals (401 no/unknown token, 403 wrong role) go to the audit trail through a
 * {@link RefusalLedger}: written in full before the response goes out, or, when a source repeats
 * them, counted into one summary per window. Refusals are limited per source
 * ({@link RefusalLimiter}): over the limit the answer is 429 with {@code Retry-After}, counted the
 * same way. Authenticated, permitted requests never touch the limiter. The token itself is never
 * logged nor audited, nor are session ids and CSRF tokens.
 *
 * <p>A bad {@code Authorization} header is 401, never a fall-back to the cookie. A cookie is an ambient
 * credential (the browser sends it whoever made the page), so a cookie-authenticated request that may
 * change something (any method but GET, HEAD, OPTIONS) must carry the session's {@code X-CSRF-Token}
 * and, when it names its {@code Origin}, come from the console's origin; else 403, audited like any
 * refusal. Whatever its method, a cookie request the browser marks as sent by another site
 * ({@code Sec-Fetch-Site}) is refused too. A bearer request needs none of this: no browser adds that
 * header on its own.
 *
 * <p>Refused console sign-ins ({@link SignInRefusals}) are limited and recorded by the same limiter and
 * ledger: a source's refused sign-ins and refused API calls share one budget.
 *
 * <p>One instance serves every API event loop: the limiter and ledger are lock-free maps.
 */
public final class BearerAuth implements SignInRefusals {
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
    static final String PRINCIPAL = "warden.principal";
    /** Context key: the console session that authenticated the request, if one did. */
    static final String SESSION = "warden.console.session";
    /** Context key: that session's cookie value (never logged). */
    private static final String SESSION_COOKIE = "warden.console.cookie";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Fetch Metadata: who made the browser send the request ({@code same-origin}, {@code same-site}, {@code cross-site}, {@code none}). */
    private static final String FETCH_SITE = "Sec-Fetch-Site";
    private static final int MAX_TOKEN_LENGTH = 512;
    private static final int MAX_ORIGIN_SHOWN = 100;
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Function<String, Optional<Principal>> tokens;
    private final ConsoleSessions sessions;
    private final ConsoleOptions console;
    private final RefusalLimits limits;
    private final RefusalLimiter limiter;
    private final RefusalLedger ledger;
    private final AtomicLong timer = new AtomicLong(-1);
    private volatile Vertx vertx;

    /**
     * @param tokens looks a token up (the config loader provides it); must not block
     * @param clock  time of the audit records (windows and buckets follow {@link System#nanoTime})
     */
    public BearerAuth(Function<String, Optional<Principal>> tokens, AuditStore audit, Clock clock, RefusalLimits limits) {
        this(tokens, null, ConsoleOptions.none(), audit, clock, limits);
    }

    /**
     * @param sessions the console's sessions, or null: only bearer tokens authenticate
     * @param console  where the console is served from ({@link ConsoleOptions#publicUrl}), for the Origin check
     */
    BearerAuth(Function<String, Optional<Principal>> tokens, ConsoleSessions sessions, ConsoleOptions console, AuditStore audit,
               Clock clock, RefusalLimits limits) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.console = console;
        this.limits = limits;
        this.limiter = new RefusalLimiter(limits, System::nanoTime);
        this.ledger = new RefusalLedger(audit, clock, limits, System::nanoTime);
    }

    /** Starts writing refusal summaries (and forgetting refilled buckets) every window. Idempotent. */
    void start(Vertx vertx) {
        if (timer.get() >= 0) return;
        this.vertx = vertx;
        long id = vertx.setPeriodic(limits.window().toMillis(), t -> {
            limiter.sweep();
            ledger.flush();
        });
        if (!timer.compareAndSet(-1, id)) vertx.cancelTimer(id);
    }

    /** Stops the timer and writes every pending summary: no count is lost at a clean stop. Idempotent. */
    Future<Void> stop() {
        long id = timer.getAndSet(-1);
        if (id >= 0 && vertx != null) vertx.cancelTimer(id);
        return ledger.flush();
    }

    /** The ledger, for tests that count log lines. */
    RefusalLedger ledger() {
        return ledger;
    }

    /**
     * The caller named by the bearer token or, without an {@code Authorization} header, by the console
     * session cookie; or null after answering 401 (audited), or 403 for a cookie request failing the
     * CSRF checks. Runs before anything else looks at the request, whatever its path. The request
     * counts as use of the session (its idle limit moves on).
     */
    Principal authenticate(RoutingContext ctx) {
        return authenticate(ctx, true);
    }

    /**
     * As {@link #authenticate(RoutingContext)}; with {@code use} false a console session is only looked
     * at, not touched: opening an event stream is watching, not using the console ({@link EventStream}).
     */
    Principal authenticate(RoutingContext ctx, boolean use) {
        String header = ctx.request().getHeader("Authorization");
        Optional<Principal> who = principalOf(header);
        if (who.isPresent()) return who.get();
        String cookie = header == null && sessions != null ? ConsoleCookies.get(ctx, console) : null;
        if (cookie != null) return fromSession(ctx, cookie, use);
        String why = header == null ? "no bearer token" : "invalid bearer token";
        refuse(ctx, "anonymous", new PolicyException(PolicyCode.UNAUTHORIZED, why));
        return null;
    }

    /** The session {@code cookie} names, checked for CSRF; or null after answering 401 (none live) or 403 (audited). */
    private Principal fromSession(RoutingContext ctx, String cookie, boolean use) {
        Optional<ConsoleSessions.Session> s = use ? sessions.find(cookie) : sessions.peek(cookie);
        if (s.isEmpty()) {
            refuse(ctx, "anonymous", new PolicyException(PolicyCode.UNAUTHORIZED, "console session expired or ended: sign in again"));
            return null;
        }
        Principal p = s.get().principal();
        String why = crossSite(ctx, s.get());
        if (why != null) {
            refuse(ctx, p.name(), new PolicyException(PolicyCode.FORBIDDEN, why));
            return null;
        }
        ctx.put(SESSION, s.get());
        ctx.put(SESSION_COOKIE, cookie);
        return p;
    }

    /** The console session that authenticated the request, or null (a bearer caller, or a public path). */
    static ConsoleSessions.Session session(RoutingContext ctx) {
        return ctx.get(SESSION);
    }

    /** The cookie value that named {@link #session}, or null. */
    static String sessionCookie(RoutingContext ctx) {
        return ctx.get(SESSION_COOKIE);
    }

    /**
     * Why a cookie-authenticated request of {@code s} may be a cross-site forgery, or null when it is
     * safe: not from another site by the browser's own word ({@code Sec-Fetch-Site}: a read is audited,
     * so a followed link must not make one in the person's name), and then a safe method, or the
     * session's CSRF token and (when sent) the console's Origin.
     */
    String crossSite(RoutingContext ctx, ConsoleSessions.Session s) {
        String site = ctx.request().getHeader(FETCH_SITE);
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return "CSRF: Sec-Fetch-Site " + (site.length() > MAX_ORIGIN_SHOWN ? site.substring(0, MAX_ORIGIN_SHOWN) + "…" : site)
                    + ": a console session answers only its own pages";
        }
        if (SAFE.contains(ctx.request().method())) return null;
        String token = ctx.request().getHeader(CSRF_HEADER);
        if (token == null || token.isEmpty()) {
            return "CSRF token missing: a console request that changes something carries " + CSRF_HEADER;
        }
        if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), s.csrf().getBytes(StandardCharsets.UTF_8))) {
            return "CSRF token does not match the session's";
        }
        return ctx.request().getHeader("Origin") == null ? null : foreignOrigin(ctx);
    }

    /**
     * Why the request's {@code Origin} is not the console's, or null when it is. A missing Origin is
     * foreign here: callers that need one (sign-in) ask this directly.
     */
    String foreignOrigin(RoutingContext ctx) {
        String sent = ctx.request().getHeader("Origin");
        String mine = consoleOrigin(ctx);
        if (sent == null) return "CSRF: no Origin header; a console sign-in comes from the console's own page";
        String theirs = originOf(sent);
        if (theirs != null && theirs.equals(mine)) return null;
        String shown = sent.length() > MAX_ORIGIN_SHOWN ? sent.substring(0, MAX_ORIGIN_SHOWN) + "…" : sent;
        return "CSRF: Origin '" + shown + "' is not this console's (" + (mine == null ? "unknown: no Host header" : mine) + ")";
    }

    /**
     * The console's origin: {@code console.publicUrl}'s when set, else this request's own scheme and
     * {@code Host} (a page of another site cannot make the browser send this host's cookie with
     * another Host); null without either.
     */
    String consoleOrigin(RoutingContext ctx) {
        URI pub = console.publicUrl();
        if (pub != null) return origin(pub.getScheme(), pub.getHost(), pub.getPort());
        HostAndPort a = ctx.request().authority();
        return a == null ? null : origin(ctx.request().isSSL() ? "https" : "http", a.host(), a.port());
    }

    /** An {@code Origin} header in normal form, or null when it is not a serialised origin ({@code null}, garbage). */
    static String originOf(String header) {
        try {
            URI u = new URI(header.trim());
            if (u.getScheme() == null || u.getHost() == null || u.getRawPath() != null && !u.getRawPath().isEmpty()
                    || u.getRawQuery() != null || u.getRawUserInfo() != null) {
                return null;
            }
            return origin(u.getScheme(), u.getHost(), u.getPort());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** {@code scheme://host[:port]}, lower case, the scheme's default port left out (as browsers send it). */
    static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        boolean defaultPort = port < 0 || (s.equals("http") && port == 80) || (s.equals("https") && port == 443);
        return s + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /** True when {@code p} holds {@code permission}; otherwise answers 403 (audited) and returns false. */
    boolean permits(RoutingContext ctx, Principal p, Role.Permission permission) {
        if (p.allows(permission)) return true;
        refuse(ctx, p.name(), new PolicyException(PolicyCode.FORBIDDEN,
                "role " + p.role().id() + " lacks permission " + permission.name().toLowerCase(Locale.ROOT)));
        return false;
    }

    /**
     * The door a request names (set by the gate from a canonical {@code /doors/{id}...} path), so a
     * refused attempt on a door is found by {@code audit?door=} like the door's own commands.
     */
    static final String DOOR = "warden.refusal.door";

    /** Lets {@code p} through: later handlers read it with {@link #principal}. */
    static void admit(RoutingContext ctx, Principal p) {
        ctx.put(PRINCIPAL, p);
        ctx.next();
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    static String source(RoutingContext ctx) {
        var a = ctx.request().remoteAddress();
        return a == null ? null : a.hostAddress();
    }

    private Optional<Principal> principalOf(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = header.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        try {
            Optional<Principal> p = tokens.apply(token);
            return p == null ? Optional.empty() : p;
        } catch (RuntimeException e) {
            LOG.warn("event=token_lookup_failed error=\"{}\"", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /**
     * Counts the refusal against its source, records it (audit first when written in full), then
     * answers it, or 429 when the source is over its limit. A failing audit store still refuses (and
     * logs), it never lets the request through. Every 401 and 403 goes through here.
     */
    Future<Void> refuse(RoutingContext ctx, String actor, PolicyException refusal) {
        return answer(ctx, refusal, count(ctx, RefusalLedger.TYPE, actor, refusal.code(), Problems.status(refusal.code()), refusal.getMessage()));
    }

    /**
     * As {@link #refuse} for a refused console sign-in answered with problem+json (the demo's): recorded
     * as {@link SignInRefusals#TYPE} with {@code detail}, answered with {@code refusal}, or 429.
     */
    Future<Void> refuseSignIn(RoutingContext ctx, String actor, PolicyException refusal, String detail) {
        return answer(ctx, refusal, count(ctx, SignInRefusals.TYPE, actor, refusal.code(), Problems.status(refusal.code()), detail));
    }

    @Override
    public Future<Long> refused(RoutingContext ctx, String actor, PolicyCode code, int status, String detail) {
        return count(ctx, TYPE, actor, code, status, detail);
    }

    /**
     * Takes a token of the request's source and records the refusal (as 429 when there was none); completes,
     * never failing, when the answer may go out, with the seconds to wait when over the limit, else 0.
     */
    private Future<Long> count(RoutingContext ctx, String type, String actor, PolicyCode code, int status, String reason) {
        String source = source(ctx);
        long retryAfter = limiter.take(source);
        if (retryAfter > 0) {
            code = PolicyCode.RATE_LIMITED;
            status = Problems.status(code);
            reason = "over the refusal limit: " + reason;
        }
        String action = ctx.request().method().name() + " " + RefusalLedger.capped(ctx.request().path());
        return ledger.record(new RefusalLedger.Refusal(type, source, actor, code, status, reason, action, ctx.get(DOOR)))
                .transform(ar -> Future.succeededFuture(retryAfter));
    }

    /** Sends {@code refusal} as problem+json, or 429 with {@code Retry-After} when {@code counted} says the source is over its limit. */
    private static Future<Void> answer(RoutingContext ctx, PolicyException refusal, Future<Long> counted) {
        return counted.transform(ar -> {
            long retryAfter = ar.succeeded() ? ar.result() : 0;
            PolicyException answer = refusal;
            if (retryAfter > 0) {
                answer = new PolicyException(PolicyCode.RATE_LIMITED, "too many refused requests from this address; retry after "
                        + retryAfter + " s");
                ctx.response().putHeader("Retry-After", Long.toString(retryAfter));
            } else if (refusal.code() == PolicyCode.UNAUTHORIZED) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"warden\"");
            }
            return Problems.send(ctx, answer);
        });
    }
}
