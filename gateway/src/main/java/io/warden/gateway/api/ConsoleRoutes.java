package io.warden.gateway.api;

import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.console.ConsoleAssets;
import io.warden.gateway.console.ConsoleCookies;
import io.warden.gateway.console.ConsoleOptions;
import io.warden.gateway.console.ConsoleSessions;
import io.warden.gateway.console.OidcSignIn;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's routes on the API's router: its pages, its files under {@code /console/}, and the
 * sign-in endpoints under {@code /auth/} (not in openapi.yaml: they are the browser's, not the API's).
 * {@link #isPublic} is the one list {@link ApiGate} lets through without authentication; each
 * {@code /auth/} handler authenticates itself.
 *
 * <ul>
 *   <li>{@code GET /auth/session}: who is signed in (a bearer caller too, without CSRF token), or 401
 *       with the sign-in options. Not audited: it is the console asking "am I signed in?".</li>
 *   <li>{@code POST /auth/logout}: ends the session (CSRF checked), clears the cookie, audits
 *       {@code console.sign_out}; 204, also when no session was live.</li>
 *   <li>{@code POST /auth/demo} {@code {"role":"operator"}}: the demo's local sign-in, only when
 *       {@link ConsoleOptions#demoSignIn}; a same-origin {@code Origin} is required (no login CSRF) and,
 *       without a publicUrl, a Host that is an IP address or localhost (no DNS rebinding): without them, a
 *       refused sign-in, limited and audited with the API's refusals ({@link BearerAuth#refuseSignIn}).</li>
 *   <li>{@code GET /auth/oidc/login}, {@code GET /auth/oidc/callback}: {@link OidcSignIn}'s.</li>
 * </ul>
 */
final class ConsoleRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    static final String SESSION = "/auth/session";
    static final String LOGOUT = "/auth/logout";
    static final String DEMO = "/auth/demo";
    static final String OIDC_LOGIN = "/auth/oidc/login";
    static final String OIDC_CALLBACK = "/auth/oidc/callback";

    /** Page path to its file under {@link ConsoleAssets#ROOT}. ({@code /health} is the API's, so the health page is {@code /status}.) */
    static final Map<String, String> PAGES = Map.of(
            "/", "doors.html",
            "/doors", "doors.html",
            "/signin", "signin.html",
            "/lockdown", "lockdown.html",
            "/events", "events.html",
            "/audit", "audit.html",
            "/footage", "footage.html",
            "/status", "status.html");
    private static final Set<String> AUTH_GETS = Set.of(SESSION, OIDC_LOGIN, OIDC_CALLBACK);
    private static final Set<String> AUTH_POSTS = Set.of(LOGOUT, DEMO);

    private final BearerAuth auth;
    private final ConsoleSessions sessions;
    private final ConsoleOptions options;
    private final ConsoleAssets assets;
    private final AuditStore audit;
    private final Clock clock;
    private final OidcSignIn oidc;

    /** @param oidc the district's provider sign-in; null when none is configured (its two paths then answer 404) */
    ConsoleRoutes(BearerAuth auth, ConsoleSessions sessions, ConsoleOptions options, ConsoleAssets assets, AuditStore audit, Clock clock,
                  OidcSignIn oidc) {
        this.auth = auth;
        this.sessions = sessions;
        this.options = options;
        this.assets = assets;
        this.audit = audit;
        this.clock = clock;
        this.oidc = oidc;
    }

    /**
     * Whether a request may reach the console's routes unauthenticated. Exactly: GET or HEAD of a page
     * or of a file under {@code /console/}, and the {@code /auth/} endpoints by their own methods. The
     * path must already be canonical ({@link ApiGate#nonCanonical}).
     */
    static boolean isPublic(HttpMethod method, String path) {
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (read && (PAGES.containsKey(path) || path.startsWith(ConsoleAssets.PREFIX))) return true;
        return method == HttpMethod.GET && AUTH_GETS.contains(path) || method == HttpMethod.POST && AUTH_POSTS.contains(path);
    }

    /** The route template for metrics: the path itself, all files as one. */
    static String template(String path) {
        return path.startsWith(ConsoleAssets.PREFIX) ? ConsoleAssets.PREFIX + "**" : path;
    }

    /** Adds the routes; call after {@code createRouter()}, so the API's root handlers (the gate first) run before them. */
    void mount(Router router) {
        PAGES.forEach((path, file) -> read(router, path, assets.page(file)));
        router.routeWithRegex(HttpMethod.GET, "/console/.+").handler(assets::file);
        router.routeWithRegex(HttpMethod.HEAD, "/console/.+").handler(assets::file);
        router.get(SESSION).handler(this::session);
        router.post(LOGOUT).handler(this::logout);
        router.post(DEMO).handler(this::demo);
        if (oidc != null) {
            router.get(OIDC_LOGIN).handler(oidc::login);
            router.get(OIDC_CALLBACK).handler(oidc::callback);
        }
    }

    private static void read(Router router, String path, Handler<RoutingContext> h) {
        router.get(path).handler(h);
        router.head(path).handler(h);
    }

    /** {@code GET /auth/session}. */
    void session(RoutingContext ctx) {
        noStore(ctx);
        if (ctx.request().getHeader("Authorization") != null) {
            Principal p = auth.authenticate(ctx); // a bad token is a 401 like anywhere else, audited
            if (p != null) Routes.json(ctx, 200, who(p, "token", "token").put("signIn", signInOptions()));
            return;
        }
        String cookie = ConsoleCookies.get(ctx, options);
        Optional<ConsoleSessions.Session> s = cookie == null ? Optional.empty() : sessions.find(cookie);
        if (s.isEmpty()) {
            if (cookie != null) ConsoleCookies.clear(ctx, ConsoleCookies.tls(ctx, options));
            Problems.send(ctx, Problems.problem(PolicyCode.UNAUTHORIZED, cookie == null ? "not signed in"
                    : "console session expired or ended: sign in again").put("signIn", signInOptions()));
            return;
        }
        Routes.json(ctx, 200, sessionJson(s.get()));
    }

    /** {@code POST /auth/logout}. */
    void logout(RoutingContext ctx) {
        noStore(ctx);
        boolean tls = ConsoleCookies.tls(ctx, options);
        String cookie = ConsoleCookies.get(ctx, options);
        Optional<ConsoleSessions.Session> s = cookie == null ? Optional.empty() : sessions.find(cookie);
        if (s.isEmpty()) {
            ConsoleCookies.clear(ctx, tls);
            ctx.response().setStatusCode(204).end();
            return;
        }
        Principal p = s.get().principal();
        String why = auth.crossSite(ctx, s.get());
        if (why != null) {
            auth.refuse(ctx, p.name(), new PolicyException(PolicyCode.FORBIDDEN, why));
            return;
        }
        sessions.end(cookie);
        ConsoleCookies.clear(ctx, tls);
        record(ctx, "console.sign_out", p.name(), "sign_out", "subject=" + s.get().subject())
                .onComplete(ar -> ctx.response().setStatusCode(204).end());
    }

    /** {@code POST /auth/demo}: signs in as the role asked, for the demo only. */
    void demo(RoutingContext ctx) {
        noStore(ctx);
        if (!options.demoSignIn()) {
            Problems.send(ctx, ErrorCode.NOT_FOUND, "no demo sign-in on this gateway (console.demoSignIn is off)");
            return;
        }
        String foreign = auth.foreignOrigin(ctx);
        if (foreign != null) {
            auth.refuseSignIn(ctx, "anonymous", new PolicyException(PolicyCode.FORBIDDEN, foreign), "method=demo why=" + foreign);
            return;
        }
        String rebindable = rebindableHost(ctx);
        if (rebindable != null) {
            auth.refuseSignIn(ctx, "anonymous", new PolicyException(PolicyCode.FORBIDDEN, rebindable), "method=demo why=" + rebindable);
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
            Problems.send(ctx, Problems.Http.UNSUPPORTED_MEDIA_TYPE, null);
            return;
        }
        Role role;
        try {
            role = demoRole(ctx.body() == null ? null : ctx.body().asString());
        } catch (IllegalArgumentException e) {
            Problems.send(ctx, ErrorCode.BAD_REQUEST, e.getMessage());
            return;
        }
        String title = role.id().substring(0, 1).toUpperCase(Locale.ROOT) + role.id().substring(1);
        Principal p = new Principal(title + " (demo sign-in)", role);
        record(ctx, "console.sign_in", p.name(), "sign_in", "method=demo subject=demo role=" + role.id())
                .onFailure(t -> Problems.send(ctx, t))
                .onSuccess(v -> {
                    String old = ConsoleCookies.get(ctx, options);
                    if (old != null) sessions.end(old);
                    ConsoleSessions.Ticket t = sessions.create(p, title + " (demo)", "demo");
                    ConsoleCookies.set(ctx, t, ConsoleCookies.tls(ctx, options));
                    Routes.json(ctx, 200, sessionJson(t.session()));
                });
    }

    /**
     * Why the demo sign-in may not be taken by this request's {@code Host}, or null. Without a publicUrl the
     * Origin check compares the Origin with the Host, and a page of another site whose name was pointed at
     * this gateway (DNS rebinding) sends its own name as both; an IP address or localhost cannot be taken
     * over so. (Sessions are not at risk: that page's requests carry no cookie of this gateway.)
     */
    private String rebindableHost(RoutingContext ctx) {
        if (options.publicUrl() != null) return null;
        HostAndPort a = ctx.request().authority();
        String host = a == null ? "" : a.host().replaceAll("^\\[|]$", "");
        if (host.equalsIgnoreCase("localhost") || NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)) return null;
        return "demo sign-in by the name '" + host + "': open the console by the gateway's IP address or localhost, "
                + "or set console.publicUrl to this name";
    }

    /** The role of a body {@code {"role":"operator"}}; throws IllegalArgumentException naming what is wrong. */
    static Role demoRole(String body) {
        if (body == null || body.isBlank()) throw new IllegalArgumentException("body: {\"role\": \"viewer\"|\"operator\"|...} is required");
        JsonObject o;
        try {
            o = new JsonObject(body);
        } catch (DecodeException e) {
            throw new IllegalArgumentException("request body is not a JSON object");
        }
        for (String k : o.fieldNames()) if (!k.equals("role")) throw new IllegalArgumentException("body field '" + k + "': unknown field");
        if (!(o.getValue("role") instanceof String r)) throw new IllegalArgumentException("body field 'role': required, a role name");
        return Role.parse(r);
    }

    private JsonObject sessionJson(ConsoleSessions.Session s) {
        return who(s.principal(), s.subject(), s.subject().equals("demo") ? "demo" : "oidc")
                .put("name", s.displayName())
                .put("csrf", s.csrf())
                .put("idleExpiresAt", sessions.idleExpiresAt(s).toString())
                .put("expiresAt", sessions.expiresAt(s).toString())
                .put("signIn", signInOptions());
    }

    private static JsonObject who(Principal p, String subject, String method) {
        JsonArray permissions = new JsonArray();
        for (Role.Permission perm : Role.Permission.values()) if (p.allows(perm)) permissions.add(perm.name().toLowerCase(Locale.ROOT));
        return new JsonObject().put("name", p.name()).put("actor", p.name()).put("subject", subject).put("method", method).put("role", p.role().id())
                .put("permissions", permissions);
    }

    /** How one may sign in here: the provider's name, and whether the demo sign-in is on. */
    private JsonObject signInOptions() {
        ConsoleOptions.Oidc o = options.oidc();
        return new JsonObject().put("oidc", o == null ? null : new JsonObject().put("provider", o.providerName()))
                .put("demo", options.demoSignIn());
    }

    /** Appends a console record; completes when it is durable, fails when the trail could not take it (logged). */
    private Future<Void> record(RoutingContext ctx, String type, String actor, String action, String detail) {
        AuditEntry e = new AuditEntry(clock.instant(), type, actor, BearerAuth.source(ctx), null, null, null, null, null, action, "ok", detail);
        return audit.append(e).onFailure(t -> LOG.error("event=audit_append_failed type={} error=\"{}\"", type, t.toString())).mapEmpty();
    }

    private static void noStore(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-store");
    }
}
