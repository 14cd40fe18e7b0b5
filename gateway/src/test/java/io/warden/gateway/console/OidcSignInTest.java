package io.warden.gateway.console;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.core.buffer.Buffer;
import io.warden.gateway.api.BearerAuth;
import io.warden.gateway.api.RefusalLimits;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.auth.Role;
import io.warden.gateway.testing.InMemoryAuditStore;
import io.warden.gateway.testing.Teardown;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The code flow over HTTP against a real OpenID Connect provider in this JVM (mock-oauth2-server, which
 * issues a code at once and checks PKCE), with a browser-like client that keeps cookies and is walked
 * through each redirect by hand.
 */
class OidcSignInTest {
    private static final String CLIENT_ID = "warden-console";
    private static final String OPERATORS = "6f0c-operators";

    private Vertx vertx;
    private MockOAuth2Server provider;
    private InMemoryAuditStore audit;
    private ConsoleSessions sessions;
    private OidcSignIn oidc;
    private HttpServer server;
    private WebClient client;
    private String gateway;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false));
        startGateway(URI.create(provider.issuerUrl("default").toString()));
    }

    /** The sign-in routes on a plain router, and {@code /whoami} answering the session's principal. */
    private void startGateway(URI issuer) {
        audit = new InMemoryAuditStore();
        sessions = new ConsoleSessions(null, Clock.systemUTC(), ConsoleOptions.DEFAULT_IDLE, ConsoleOptions.DEFAULT_ABSOLUTE);
        List<ConsoleOptions.RoleRule> rules = List.of(new ConsoleOptions.RoleRule("email", "principal@lincoln.example", Role.LOCKDOWN),
                new ConsoleOptions.RoleRule("groups", OPERATORS, Role.OPERATOR));
        ConsoleOptions options = new ConsoleOptions(null, new ConsoleOptions.Oidc(issuer, CLIENT_ID, "client-s3cret",
                List.of("openid", "email", "profile"), "District", rules), false, ConsoleOptions.DEFAULT_IDLE, ConsoleOptions.DEFAULT_ABSOLUTE);
        oidc = new OidcSignIn(vertx, options, sessions, audit, refusals(), Clock.systemUTC());
        Router router = Router.router(vertx);
        router.get(OidcSignIn.LOGIN_PATH).handler(oidc::login);
        router.get(OidcSignIn.CALLBACK_PATH).handler(oidc::callback);
        router.get("/whoami").handler(ctx -> {
            String cookie = ConsoleCookies.get(ctx, null);
            var s = cookie == null ? java.util.Optional.<ConsoleSessions.Session>empty() : sessions.find(cookie);
            if (s.isEmpty()) ctx.response().setStatusCode(401).end();
            else ctx.json(new JsonObject().put("name", s.get().principal().name()).put("role", s.get().principal().role().id())
                    .put("display", s.get().displayName()).put("subject", s.get().subject()));
        });
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        gateway = "http://127.0.0.1:" + server.actualPort();
    }

    /** The API's refusal limiter and ledger with the defaults: far above the few refusals of a test. */
    private SignInRefusals refusals() {
        return new BearerAuth(t -> Optional.empty(), audit, Clock.systemUTC(), RefusalLimits.DEFAULTS);
    }

    @AfterEach
    void stop() {
        Teardown.all("oidc test", () -> client.close(), () -> await(vertx.close()), () -> provider.shutdown());
    }

    private WebClientSession browser() {
        return WebClientSession.create(client);
    }

    private HttpResponse<Buffer> get(WebClientSession browser, String url) {
        return await(browser.getAbs(url.startsWith("/") ? gateway + url : url).send());
    }

    private void claims(String subject, Map<String, Object> claims) {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

    /** Login, then the provider's answer: the callback URL the provider sends the browser to. */
    private String toProvider(WebClientSession browser, String returnTo) {
        HttpResponse<Buffer> login = get(browser, OidcSignIn.LOGIN_PATH + (returnTo == null ? "" : "?returnTo=" + returnTo));
        assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(302);
        HttpResponse<Buffer> authorize = get(browser, login.getHeader("Location"));
        assertThat(authorize.statusCode()).as(authorize.bodyAsString()).isEqualTo(302);
        return authorize.getHeader("Location");
    }

    /** Jane, an operator, is who the provider signs in next; {@code extra} adds or replaces claims of her ID token. */
    private void jane(Map<String, Object> extra) {
        Map<String, Object> c = new HashMap<>(Map.of("name", "Jane Smith", "groups", List.of(OPERATORS)));
        c.putAll(extra);
        claims("jane-1098", c);
    }

    /** Jane signs in with {@code extra} in her ID token; asserts that made no session; returns the callback's answer. */
    private HttpResponse<Buffer> signInWithoutASession(Map<String, Object> extra) {
        jane(extra);
        WebClientSession browser = browser();
        HttpResponse<Buffer> r = get(browser, toProvider(browser, null));
        assertThat(get(browser, "/whoami").statusCode()).as("a session after " + r.statusCode() + " " + r.bodyAsString()).isEqualTo(401);
        return r;
    }

    private static Map<String, String> query(String url) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }

    private List<AuditEntry> records(String type) {
        return await(audit.query(new AuditQuery(null, null, null, null, null, null, null, type, null, 100, 0))).items().stream()
                .map(AuditRecord::entry).toList();
    }

    @Test
    void theCodeFlowSignsInWithPkceStateAndNonceAndAuditsIt() {
        claims("jane-1098", Map.of("name", "Jane Smith", "email", "jane@lincoln.example", "groups", List.of("staff", OPERATORS)));
        WebClientSession browser = browser();
        HttpResponse<Buffer> login = get(browser, OidcSignIn.LOGIN_PATH + "?returnTo=/lockdown");
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.getHeader("Cache-Control")).isEqualTo("no-store");
        Map<String, String> asked = query(login.getHeader("Location"));
        assertThat(asked).containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
                .containsEntry("code_challenge_method", "S256").containsEntry("scope", "openid email profile")
                .containsEntry("redirect_uri", gateway + "/auth/oidc/callback");
        assertThat(asked.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
        assertThat(asked.get("state")).matches("[A-Za-z0-9_-]{43}");
        assertThat(asked.get("nonce")).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(asked.get("state"));
        assertThat(login.cookies()).anyMatch(c -> c.startsWith("warden_oidc=") && c.toLowerCase(Locale.ROOT).contains("; httponly") && c.contains("SameSite=Lax"));

        String callback = get(browser, login.getHeader("Location")).getHeader("Location");
        assertThat(callback).startsWith(gateway + OidcSignIn.CALLBACK_PATH + "?");
        HttpResponse<Buffer> done = get(browser, callback);
        assertThat(done.statusCode()).as(done.bodyAsString()).isEqualTo(302);
        assertThat(done.getHeader("Location")).isEqualTo("/lockdown");
        assertThat(done.cookies()).anyMatch(c -> c.startsWith("warden_session=") && c.toLowerCase(Locale.ROOT).contains("; httponly"));

        JsonObject me = get(browser, "/whoami").bodyAsJsonObject();
        String host = URI.create(provider.issuerUrl("default").toString()).getHost();
        assertThat(me.getString("name")).isEqualTo("Jane Smith (oidc " + host + "/jane-1098)");
        assertThat(me.getString("role")).isEqualTo("operator");
        assertThat(me.getString("display")).isEqualTo("Jane Smith");
        assertThat(me.getString("subject")).isEqualTo("oidc " + host + "/jane-1098");
        assertThat(records("console.sign_in")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo(me.getString("name"));
            assertThat(e.result()).isEqualTo("ok");
            assertThat(e.source()).isEqualTo("127.0.0.1");
            assertThat(e.detail()).startsWith("method=oidc subject=oidc " + host + "/jane-1098 role=operator").contains("email=jane@lincoln.example");
        });
    }

    @Test
    void theFirstMatchingRuleWins() {
        claims("p-1", Map.of("name", "Pat Principal", "email", "principal@lincoln.example", "email_verified", true, "groups", List.of(OPERATORS)));
        WebClientSession browser = browser();
        assertThat(get(browser, toProvider(browser, null)).getHeader("Location")).isEqualTo("/");
        assertThat(get(browser, "/whoami").bodyAsJsonObject().getString("role")).isEqualTo("lockdown");
    }

    @Test
    void noMatchingRuleIsRefusedAuditedAndMakesNoSession() {
        claims("x-7", Map.of("name", "Sam Student", "email", "sam@students.lincoln.example", "groups", List.of("students")));
        WebClientSession browser = browser();
        HttpResponse<Buffer> done = get(browser, toProvider(browser, null));
        assertThat(done.statusCode()).isEqualTo(403);
        assertThat(done.getHeader("Content-Type")).startsWith("text/html");
        assertThat(done.bodyAsString()).contains("Your account may not use Warden").contains("Sam Student").doesNotContain("Exception");
        assertThat(done.cookies()).noneMatch(c -> c.startsWith("warden_session="));
        assertThat(get(browser, "/whoami").statusCode()).isEqualTo(401);
        assertThat(records("console.sign_in")).isEmpty();
        assertThat(records("console.sign_in_refused")).singleElement().satisfies(e -> {
            assertThat(e.actor()).startsWith("Sam Student (oidc ").endsWith("/x-7)");
            assertThat(e.detail()).contains("no role rule matched").contains("email=sam@students.lincoln.example");
        });
    }

    @Test
    void aReplayedCallbackIsRefused() {
        jane(Map.of());
        WebClientSession browser = browser();
        String callback = toProvider(browser, null);
        assertThat(get(browser, callback).statusCode()).isEqualTo(302);
        HttpResponse<Buffer> again = get(browser(), callback);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.bodyAsString()).contains("This sign-in link has expired");
        assertThat(records("console.sign_in_refused")).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("anonymous");
            assertThat(e.detail()).isEqualTo("method=oidc why=unknown, used or expired state");
        });
    }

    @Test
    void aForgedStateIsRefused() {
        HttpResponse<Buffer> r = get(browser(), OidcSignIn.CALLBACK_PATH + "?state=forged&code=abc");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(records("console.sign_in_refused")).hasSize(1);
    }

    @Test
    void aCallbackInAnotherBrowserSignsNobodyIn() {
        jane(Map.of());
        String callback = toProvider(browser(), null); // an attacker's own sign-in, its callback link sent to a victim
        WebClientSession victim = browser();
        HttpResponse<Buffer> r = get(victim, callback);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.bodyAsString()).contains("Sign-in did not start in this browser");
        assertThat(get(victim, "/whoami").statusCode()).isEqualTo(401);
        assertThat(records("console.sign_in_refused")).singleElement().extracting(AuditEntry::detail).asString().contains("another browser");
    }

    @Test
    void aCodeFromAnotherSignInIsRefused() {
        jane(Map.of());
        WebClientSession browser = browser();
        String first = toProvider(browser, null);
        HttpResponse<Buffer> second = get(browser, OidcSignIn.LOGIN_PATH);
        String otherState = query(second.getHeader("Location")).get("state");
        // the first sign-in's code with the second's state: its PKCE verifier and nonce are not the code's
        HttpResponse<Buffer> r = get(browser, gateway + OidcSignIn.CALLBACK_PATH + "?code=" + query(first).get("code") + "&state=" + otherState);
        assertThat(r.statusCode()).isBetween(400, 599);
        assertThat(get(browser, "/whoami").statusCode()).isEqualTo(401);
        assertThat(records("console.sign_in")).isEmpty();
        assertThat(records("console.sign_in_refused")).hasSize(1);
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        HttpResponse<Buffer> r = signInWithoutASession(Map.of("nonce", "not-this-sign-in"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.bodyAsString()).contains("nonce does not match");
        assertThat(records("console.sign_in_refused")).singleElement().extracting(AuditEntry::detail).asString().contains("nonce");
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() {
        HttpResponse<Buffer> r = signInWithoutASession(Map.of("iss", "https://accounts.google.com"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.bodyAsString()).contains("ID token from another issuer");
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() {
        HttpResponse<Buffer> r = signInWithoutASession(Map.of("aud", "another-app"));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(records("console.sign_in_refused")).singleElement().extracting(AuditEntry::detail).asString().contains("no ID token");
    }

    @Test
    void anOpenRedirectInReturnToGoesHomeInstead() {
        jane(Map.of());
        WebClientSession browser = browser();
        assertThat(get(browser, toProvider(browser, "//evil.example/x")).getHeader("Location")).isEqualTo("/");
    }

    @Test
    void theProvidersRefusalIsShownAndAudited() {
        WebClientSession browser = browser();
        String state = query(get(browser, OidcSignIn.LOGIN_PATH).getHeader("Location")).get("state");
        HttpResponse<Buffer> r = get(browser, OidcSignIn.CALLBACK_PATH + "?error=access_denied&error_description=user%20cancelled&state=" + state);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.bodyAsString()).contains("District did not sign you in").contains("access_denied: user cancelled");
        assertThat(records("console.sign_in_refused")).singleElement().extracting(AuditEntry::detail).asString()
                .isEqualTo("method=oidc why=provider refused: access_denied: user cancelled");
    }

    @Test
    void aProviderErrorForNoSignInOfThisBrowserIsNotEchoed() {
        String lure = "Your account is locked: call 555-0100";
        String error = "?error=access_denied&error_description=" + lure.replace(" ", "%20");
        HttpResponse<Buffer> forged = get(browser(), OidcSignIn.CALLBACK_PATH + error + "&state=made-up");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.bodyAsString()).doesNotContain("555-0100");
        String state = query(get(browser(), OidcSignIn.LOGIN_PATH).getHeader("Location")).get("state");
        HttpResponse<Buffer> elsewhere = get(browser(), OidcSignIn.CALLBACK_PATH + error + "&state=" + state);
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.bodyAsString()).doesNotContain("555-0100");
    }

    @Test
    void aProviderThatIsDownGivesAClearPageAndFailedHealth() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        await(server.close());
        startGateway(URI.create("http://127.0.0.1:" + closed + "/default"));
        HttpResponse<Buffer> r = get(browser(), OidcSignIn.LOGIN_PATH);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.bodyAsString()).contains("Sign-in with District is not available").contains("could not reach District");
        assertThat(records("console.sign_in_refused")).singleElement().extracting(AuditEntry::detail).asString().contains("provider unreachable");
        assertThat(oidc.health().ok()).isFalse();
        assertThat(oidc.healthJson().getString("status")).isEqualTo("failed");
        assertThat(oidc.healthJson().getString("detail")).contains("/.well-known/openid-configuration failed");
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsRefused() {
        String real = provider.wellKnownUrl("default").toString();
        Router fake = Router.router(vertx);
        // a provider that claims to be someone else: its document is the real one with another issuer
        fake.get("/default/.well-known/openid-configuration").handler(ctx -> client.getAbs(real).send()
                .onSuccess(doc -> ctx.json(doc.bodyAsJsonObject().put("issuer", "https://accounts.google.com"))));
        HttpServer impostor = await(vertx.createHttpServer().requestHandler(fake).listen(0, "127.0.0.1"));
        await(server.close());
        startGateway(URI.create("http://127.0.0.1:" + impostor.actualPort() + "/default"));
        HttpResponse<Buffer> r = get(browser(), OidcSignIn.LOGIN_PATH);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.bodyAsString()).contains("issuer validation failed");
        assertThat(oidc.healthJson().getString("status")).isEqualTo("failed");
    }

    @Test
    void checkReadsTheDiscoveryDocumentAndHealthSaysSo() {
        assertThat(oidc.healthJson().getString("status")).isEqualTo("unchecked");
        await(oidc.check());
        JsonObject h = oidc.healthJson();
        assertThat(h.getString("status")).isEqualTo("ok");
        assertThat(h.getString("provider")).isEqualTo("District");
        assertThat(h.getString("detail")).contains(provider.issuerUrl("default").toString().replaceAll("/$", ""));
    }

    @Test
    void withoutAProviderBothPathsAnswer404() {
        OidcSignIn none = new OidcSignIn(vertx, ConsoleOptions.none(), sessions, audit, refusals(), Clock.systemUTC());
        Router router = Router.router(vertx);
        router.get(OidcSignIn.LOGIN_PATH).handler(none::login);
        HttpServer s = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        HttpResponse<Buffer> r = await(client.get(s.actualPort(), "127.0.0.1", OidcSignIn.LOGIN_PATH).send());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.bodyAsString()).contains("No sign-in provider");
        assertThat(await(none.check().map(v -> "ok").otherwise(Throwable::getMessage))).contains("no OpenID Connect provider");
    }
}
