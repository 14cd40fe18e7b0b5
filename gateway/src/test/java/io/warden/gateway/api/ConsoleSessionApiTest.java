package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.PrivateFiles;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.auth.Role;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's sessions over HTTP: the demo sign-in, the cookie authenticating API calls, the CSRF
 * token and Origin checks on every call that may change something, sign-out, the idle and absolute
 * limits (on a clock the test moves), and sessions kept across a restart of the server.
 */
class ConsoleSessionApiTest extends ConsoleApiTestBase {
    @Test
    void theDemoSignInGivesAnHttpOnlyLaxCookieAndIsAudited() {
        SignedIn s = signIn("operator");
        String set = s.answer().getHeader("Set-Cookie");
        assertThat(set).startsWith("warden_session=").contains("Path=/").containsIgnoringCase("; HttpOnly").contains("SameSite=Lax")
                .doesNotContainIgnoringCase("Secure").doesNotContainIgnoringCase("Domain").doesNotContain("Max-Age");
        assertThat(s.cookie()).hasSize(43);
        assertThat(s.answer().getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject body = s.answer().bodyAsJsonObject();
        assertThat(body.getString("actor")).isEqualTo("Operator (demo sign-in)");
        assertThat(body.getString("role")).isEqualTo("operator");
        assertThat(body.getString("subject")).isEqualTo("demo");
        assertThat(body.getJsonArray("permissions")).containsExactly("view", "door_control");
        assertThat(body.getString("expiresAt")).isEqualTo(clock.instant().plus(ABSOLUTE).toString());
        assertThat(body.getString("idleExpiresAt")).isEqualTo(clock.instant().plus(IDLE).toString());
        assertThat(body.getJsonObject("signIn")).isEqualTo(new JsonObject().putNull("oidc").put("demo", true));
        AuditEntry e = entry(audited("console.sign_in"));
        assertThat(e.actor()).isEqualTo("Operator (demo sign-in)");
        assertThat(e.source()).isEqualTo("127.0.0.1");
        assertThat(e.detail()).isEqualTo("method=demo subject=demo role=operator");
        assertThat(audit.where(r -> true).toString()).as("no session id or CSRF token in the trail")
                .doesNotContain(s.cookie()).doesNotContain(s.csrf());
    }

    @Test
    void theCookieAuthenticatesApiCallsAndACommandWithItsCsrfTokenGoesThroughAsThePerson() {
        SignedIn s = signIn("operator");
        assertThat(withCookie(HttpMethod.GET, "/api/v1/doors", s, null, null).statusCode()).isEqualTo(200);
        var pulse = withCookie(HttpMethod.POST, "/api/v1/doors/d1/pulse", s, s.csrf(), origin());
        assertThat(pulse.statusCode()).as(pulse.bodyAsString()).isEqualTo(200);
        assertThat(only(doors.calls).who().name()).isEqualTo("Operator (demo sign-in)");
        // Same site without an Origin header (older browsers on same-origin requests): the token alone suffices.
        assertThat(withCookie(HttpMethod.POST, "/api/v1/doors/d1/pulse", s, s.csrf(), null).statusCode()).isEqualTo(200);
        // The role still decides: an operator cannot start a lockdown, cookie or not.
        var lockdown = await(client.post("/api/v1/lockdowns").putHeader("Cookie", "warden_session=" + s.cookie())
                .putHeader(BearerAuth.CSRF_HEADER, s.csrf()).sendJsonObject(new JsonObject().put("level", "lockdown")
                        .put("scope", new JsonObject().put("site", "north-hs")).put("reason", "test")));
        problem(lockdown, 403, "FORBIDDEN");
    }

    @Test
    void aCookieRequestThatMayChangeSomethingWithoutTheRightCsrfTokenOrFromAnotherOriginIsRefusedAndAudited() {
        SignedIn s = signIn("operator");
        String missing = problem(withCookie(HttpMethod.POST, "/api/v1/doors/d1/pulse", s, null, origin()), 403, "FORBIDDEN")
                .getString("detail");
        String wrong = problem(withCookie(HttpMethod.POST, "/api/v1/doors/d1/pulse", s, s.csrf().substring(1) + "A", origin()), 403,
                "FORBIDDEN").getString("detail");
        String foreign = problem(withCookie(HttpMethod.POST, "/api/v1/doors/d1/pulse", s, s.csrf(), "https://evil.example"), 403,
                "FORBIDDEN").getString("detail");
        problem(withCookie(HttpMethod.POST, "/api/v1/doors/d1/unlock", s, s.csrf(), "null"), 403, "FORBIDDEN");
        problem(withCookie(HttpMethod.POST, "/api/v1/doors/d1/lock", s, s.csrf(), "http://127.0.0.1:1"), 403, "FORBIDDEN");
        assertThat(missing).startsWith("CSRF token missing");
        assertThat(wrong).startsWith("CSRF token does not match");
        assertThat(foreign).startsWith("CSRF: Origin 'https://evil.example' is not this console's (" + origin() + ")");
        assertThat(doors.calls).as("no refused request reached a door").isEmpty();
        List<AuditRecord> refused = audit.where(r -> r.entry().type().equals("auth.refused"));
        assertThat(refused).hasSize(5);
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.entry().actor()).isEqualTo("Operator (demo sign-in)");
            assertThat(r.entry().detail()).startsWith("CSRF");
            assertThat(r.entry().door()).isEqualTo("d1");
        });
        assertThat(refused.toString()).doesNotContain(s.csrf()).doesNotContain(s.cookie());
    }

    /**
     * A read is not harmless when it is audited: a link on another site that a signed-in person follows
     * (a top-level navigation carries a Lax cookie) would write "Jane looked this person up" to the trail.
     * A browser that says the request comes from another site gets no cookie-authenticated answer.
     */
    @Test
    void aCookieRequestThatTheBrowserSaysComesFromAnotherSiteIsRefusedEvenAGet() {
        SignedIn s = signIn("admin");
        for (String site : List.of("cross-site", "same-site")) {
            var res = await(client.get("/api/v1/doors").putHeader("Cookie", "warden_session=" + s.cookie())
                    .putHeader("Sec-Fetch-Site", site).send());
            assertThat(problem(res, 403, "FORBIDDEN").getString("detail")).as(site).startsWith("CSRF: Sec-Fetch-Site " + site);
        }
        for (String site : List.of("same-origin", "none")) {
            assertThat(await(client.get("/api/v1/doors").putHeader("Cookie", "warden_session=" + s.cookie())
                    .putHeader("Sec-Fetch-Site", site).send()).statusCode()).as(site).isEqualTo(200);
        }
        assertThat(audit.where(r -> r.entry().type().equals("auth.refused"))).hasSize(2)
                .allSatisfy(r -> assertThat(r.entry().actor()).isEqualTo("Admin (demo sign-in)"));
        assertThat(get("/api/v1/doors", "viewer-token").statusCode()).as("a bearer call is not a browser's").isEqualTo(200);
    }

    @Test
    void bearerCallsNeedNoCsrfTokenAndABadBearerNeverFallsBackToTheCookie() {
        SignedIn s = signIn("admin");
        assertThat(post("/api/v1/doors/d1/pulse", "operator-token", null).statusCode()).isEqualTo(200);
        var bad = await(client.post("/api/v1/doors/d1/pulse").putHeader("Authorization", "Bearer not-a-token")
                .putHeader("Cookie", "warden_session=" + s.cookie()).putHeader(BearerAuth.CSRF_HEADER, s.csrf()).send());
        assertThat(problem(bad, 401, "UNAUTHORIZED").getString("detail")).isEqualTo("invalid bearer token");
        assertThat(doors.calls).hasSize(1);
    }

    @Test
    void authSessionSaysWhoIsSignedInOr401WithTheWaysToSignIn() {
        var anonymous = get(ConsoleRoutes.SESSION, null);
        JsonObject p = problem(anonymous, 401, "UNAUTHORIZED");
        assertThat(p.getString("detail")).isEqualTo("not signed in");
        assertThat(p.getJsonObject("signIn")).isEqualTo(new JsonObject().putNull("oidc").put("demo", true));
        assertThat(anonymous.getHeader("Cache-Control")).isEqualTo("no-store");
        assertThat(audited("auth.refused")).as("asking whether one is signed in is no refusal").isEmpty();

        SignedIn s = signIn("lockdown");
        JsonObject mine = withCookie(HttpMethod.GET, ConsoleRoutes.SESSION, s, null, null).bodyAsJsonObject();
        assertThat(mine.getString("csrf")).isEqualTo(s.csrf());
        assertThat(mine.getString("name")).isEqualTo("Lockdown (demo)");
        assertThat(mine.getJsonArray("permissions")).containsExactly("view", "door_control", "lockdown", "release_lockdown");

        var bearer = get(ConsoleRoutes.SESSION, "investigator-token");
        assertThat(bearer.statusCode()).isEqualTo(200);
        JsonObject b = bearer.bodyAsJsonObject();
        assertThat(b.getString("name")).isEqualTo("investigator-jones");
        assertThat(b.getString("method")).isEqualTo("token");
        assertThat(b.containsKey("csrf")).as("a bearer caller has no CSRF token").isFalse();
        assertThat(b.getJsonArray("permissions")).isEqualTo(new JsonArray(List.of("view", "audit_read", "footage", "people_read")));
        problem(get(ConsoleRoutes.SESSION, "not-a-token"), 401, "UNAUTHORIZED");
        assertThat(audited("auth.refused")).as("a bad token is refused and audited as anywhere").hasSize(1);
    }

    @Test
    void signOutNeedsTheCsrfTokenThenEndsTheSessionClearsTheCookieAndIsAudited() {
        SignedIn s = signIn("viewer");
        problem(withCookie(HttpMethod.POST, ConsoleRoutes.LOGOUT, s, null, origin()), 403, "FORBIDDEN");
        assertThat(withCookie(HttpMethod.GET, "/api/v1/doors", s, null, null).statusCode()).as("a forged sign-out ends nothing")
                .isEqualTo(200);
        var out = withCookie(HttpMethod.POST, ConsoleRoutes.LOGOUT, s, s.csrf(), origin());
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.getHeader("Set-Cookie")).startsWith("warden_session=;").contains("Max-Age=0").contains("Path=/");
        AuditEntry e = entry(audited("console.sign_out"));
        assertThat(e.actor()).isEqualTo("Viewer (demo sign-in)");
        assertThat(problem(withCookie(HttpMethod.GET, "/api/v1/doors", s, null, null), 401, "UNAUTHORIZED").getString("detail"))
                .isEqualTo("console session expired or ended: sign in again");
        assertThat(withCookie(HttpMethod.POST, ConsoleRoutes.LOGOUT, s, s.csrf(), origin()).statusCode())
                .as("signing out twice is no error").isEqualTo(204);
        assertThat(audited("console.sign_out")).hasSize(1);
    }

    /**
     * DNS rebinding: a page of another site whose name the attacker points at this gateway sends that name
     * as Host and as Origin, which then agree. Without a publicUrl the demo sign-in (no credential at all)
     * is taken only by an IP address or localhost, names no other site can take over.
     */
    @Test
    void theDemoSignInByAHostNameThatCouldBeReboundIsRefused() {
        String rebound = "rebind.evil.example:" + port;
        var res = await(client.post(ConsoleRoutes.DEMO).putHeader("Host", rebound).putHeader("Origin", "http://" + rebound)
                .sendJsonObject(new JsonObject().put("role", "admin")));
        assertThat(problem(res, 403, "FORBIDDEN").getString("detail")).contains("'rebind.evil.example'").contains("console.publicUrl");
        assertThat(res.getHeader("Set-Cookie")).isNull();
        assertThat(audited("console.sign_in_refused")).singleElement()
                .satisfies(r -> assertThat(r.entry().detail()).startsWith("method=demo why=demo sign-in by the name"));
        String local = "localhost:" + port;
        assertThat(await(client.post(ConsoleRoutes.DEMO).putHeader("Host", local).putHeader("Origin", "http://" + local)
                .sendJsonObject(new JsonObject().put("role", "viewer"))).statusCode()).isEqualTo(200);
        assertThat(audited("console.sign_in")).hasSize(1);
    }

    @Test
    void theDemoSignInNeedsTheConsolesOriginJsonAndAKnownRole() {
        var noOrigin = await(client.post(ConsoleRoutes.DEMO).sendJsonObject(new JsonObject().put("role", "admin")));
        assertThat(problem(noOrigin, 403, "FORBIDDEN").getString("detail")).startsWith("CSRF: no Origin header");
        var foreign = await(client.post(ConsoleRoutes.DEMO).putHeader("Origin", "https://evil.example")
                .sendJsonObject(new JsonObject().put("role", "admin")));
        problem(foreign, 403, "FORBIDDEN");
        assertThat(audited("console.sign_in_refused")).as("both refusals audited as refused sign-ins").hasSize(2)
                .allSatisfy(r -> assertThat(r.entry().detail()).startsWith("method=demo why=CSRF: "));
        var form = await(client.post(ConsoleRoutes.DEMO).putHeader("Origin", origin()).putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("{\"role\":\"admin\"}")));
        problem(form, 415, "UNSUPPORTED_MEDIA_TYPE");
        var unknown = await(client.post(ConsoleRoutes.DEMO).putHeader("Origin", origin())
                .sendJsonObject(new JsonObject().put("role", "janitor")));
        assertThat(problem(unknown, 400, "BAD_REQUEST").getString("detail")).contains("unknown role 'janitor'");
        var extra = await(client.post(ConsoleRoutes.DEMO).putHeader("Origin", origin())
                .sendJsonObject(new JsonObject().put("role", "admin").put("name", "x")));
        assertThat(problem(extra, 400, "BAD_REQUEST").getString("detail")).isEqualTo("body field 'name': unknown field");
        assertThat(audited("console.sign_in")).isEmpty();
        assertThat(server.sessions().find("x".repeat(43))).isEmpty();
    }

    @Test
    void aSessionEndsAfterItsIdleTimeButUseKeepsItAlive() {
        SignedIn s = signIn("operator");
        for (int i = 0; i < 4; i++) {
            clock.advance(IDLE.minusMinutes(1));
            assertThat(withCookie(HttpMethod.GET, "/api/v1/doors", s, null, null).statusCode()).as("used within its idle time")
                    .isEqualTo(200);
        }
        clock.advance(IDLE);
        problem(withCookie(HttpMethod.GET, "/api/v1/doors", s, null, null), 401, "UNAUTHORIZED");
        var session = withCookie(HttpMethod.GET, ConsoleRoutes.SESSION, s, null, null);
        assertThat(problem(session, 401, "UNAUTHORIZED").getString("detail")).isEqualTo("console session expired or ended: sign in again");
        assertThat(session.getHeader("Set-Cookie")).as("the dead cookie is cleared").contains("Max-Age=0");
    }

    @Test
    void aSessionEndsAtItsAbsoluteLimitHoweverMuchItIsUsed() {
        SignedIn s = signIn("operator");
        Duration step = Duration.ofMinutes(20);
        for (Duration used = step; used.compareTo(ABSOLUTE) < 0; used = used.plus(step)) {
            clock.advance(step);
            assertThat(withCookie(HttpMethod.GET, "/api/v1/doors", s, null, null).statusCode()).as("at " + used).isEqualTo(200);
        }
        clock.advance(step);
        problem(withCookie(HttpMethod.GET, "/api/v1/doors", s, null, null), 401, "UNAUTHORIZED");
    }

    @Test
    void sessionsSurviveARestartOfTheServerAndTheFileHoldsNoSessionId() throws Exception {
        SignedIn s = signIn("lockdown");
        await(server.stop());
        assertThat(Files.getPosixFilePermissions(sessionsFile())).isEqualTo(PrivateFiles.FILE);
        String file = Files.readString(sessionsFile());
        assertThat(file).contains("Lockdown (demo sign-in)").doesNotContain(s.cookie());
        server = createServer();
        port = await(server.start());
        client.close();
        client = io.vertx.ext.web.client.WebClient.create(vertx,
                new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        var mine = withCookie(HttpMethod.GET, ConsoleRoutes.SESSION, s, null, null);
        assertThat(mine.statusCode()).as(mine.bodyAsString()).isEqualTo(200);
        assertThat(mine.bodyAsJsonObject().getString("csrf")).isEqualTo(s.csrf());
        assertThat(withCookie(HttpMethod.POST, "/api/v1/doors/d1/pulse", s, s.csrf(), origin()).statusCode()).isEqualTo(200);
        assertThat(only(doors.calls).who().role()).isEqualTo(Role.LOCKDOWN);
    }

    @Test
    void aCookieNamingNoSessionIs401AndAudited() {
        var res = await(client.get("/api/v1/doors").putHeader("Cookie", "warden_session=" + "A".repeat(43)).send());
        assertThat(problem(res, 401, "UNAUTHORIZED").getString("detail")).isEqualTo("console session expired or ended: sign in again");
        assertThat(entry(audited("auth.refused")).actor()).isEqualTo("anonymous");
    }
}
