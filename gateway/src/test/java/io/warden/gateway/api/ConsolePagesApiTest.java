package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.warden.gateway.console.ConsoleAssets;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console's pages and files as a gateway without any console sign-in serves them: from the jar,
 * with their types and revalidation; the security headers on every answer, the API's too; and nothing
 * but the console's own list answering without authentication.
 */
class ConsolePagesApiTest extends ApiTestBase {
    /** Dozens of refusals from loopback, each to be seen in the trail on its own: no limit, no summaries. */
    @Override
    ApiOptions options() {
        return super.options().withRefusals(new RefusalLimits(1_000_000, 1_000, 100, Duration.ofMinutes(1), 1_000_000, 1_000_000));
    }

    static byte[] resource(String name) throws Exception {
        try (InputStream in = ConsolePagesApiTest.class.getClassLoader().getResourceAsStream(ConsoleAssets.ROOT + name)) {
            assertThat(in).as(name + " in the jar").isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void pagesAndFilesAreServedFromTheJarWithTheirTypesAndRevalidated() throws Exception {
        Map<String, String> pages = Map.of("/", "doors.html", "/signin", "signin.html", "/lockdown", "lockdown.html");
        for (var page : pages.entrySet()) {
            var res = get(page.getKey(), null);
            assertThat(res.statusCode()).as(page.getKey()).isEqualTo(200);
            assertThat(res.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
            assertThat(res.bodyAsBuffer().getBytes()).as(page.getKey()).isEqualTo(resource(page.getValue()));
            assertThat(res.getHeader("Cache-Control")).isEqualTo("no-cache");
        }
        var head = await(client.head("/signin").send());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(head.body()).isNull();
        assertThat(await(client.head("/console/app.css").send()).statusCode()).isEqualTo(200);
        var css = get("/console/app.css", null);
        assertThat(css.getHeader("Content-Type")).isEqualTo("text/css; charset=utf-8");
        var js = get("/console/js/api.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.getHeader("Content-Type")).as("ES modules need a JavaScript type").isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.bodyAsBuffer().getBytes()).isEqualTo(resource("js/api.js"));
        String etag = js.getHeader("ETag");
        assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
        var again = await(client.get("/console/js/api.js").putHeader("If-None-Match", etag).send());
        assertThat(again.statusCode()).as("unchanged: not sent again").isEqualTo(304);
        assertThat(again.body()).isNull();
        var stale = await(client.get("/console/js/api.js").putHeader("If-None-Match", "\"old\"").send());
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(audited("auth.refused")).isEmpty();
    }

    @Test
    void namesThatAreNoFileOfTheConsoleAre404() {
        for (String path : List.of("/console/nope.js", "/console/js", "/console/.hidden.js", "/console/app.exe", "/console/app.css.map",
                "/console/-x/app.css", "/auth/oidc/login")) {
            problem(get(path, null), 404, "NOT_FOUND");
        }
        problem(post("/auth/demo", null, new io.vertx.core.json.JsonObject().put("role", "admin")), 404, "NOT_FOUND");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        List<HttpResponse<Buffer>> answers = List.of(get("/", null), get("/console/app.css", null), get("/health", null),
                get("/api/v1/doors", null), get("/api/v1/doors", "viewer-token"), get("/no/such/thing", "viewer-token"),
                get(ConsoleRoutes.SESSION, null), get("/console/nope.js", null));
        for (HttpResponse<Buffer> res : answers) {
            assertThat(res.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
            assertThat(res.getHeader("Content-Security-Policy")).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(res.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(res.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(res.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(res.getHeader("Permissions-Policy")).isEqualTo("camera=(), microphone=(), geolocation=()");
            assertThat(res.getHeader("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
            assertThat(res.getHeader("Strict-Transport-Security")).as("plain HTTP: no HSTS").isNull();
        }
        // A request the server cannot even parse gets them too.
        HttpClient http = vertx.createHttpClient();
        var bad = await(http.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI("/" + "a".repeat(5000)))
                .compose(req -> req.send()));
        assertThat(bad.statusCode()).isEqualTo(414);
        assertThat(bad.getHeader("Content-Security-Policy")).isEqualTo(SecurityHeaders.CSP);
        await(http.close());
    }

    /**
     * Paths near the console's that are not on its list, other methods on its paths, and every
     * non-canonical spelling of its paths: without authentication each is a 401, audited.
     */
    @Test
    void nothingButTheConsolesOwnPathsAnswersWithoutAuthentication() {
        record Call(HttpMethod method, String path) {}
        List<Call> calls = new ArrayList<>();
        for (String path : List.of("/x", "/console", "/consoles/app.css", "/auth", "/auth/nope", "/auth/session/x", "/signin/x",
                "/doors.html", "/index.html", "/api/v1", "/api/v1/doors", "/status/x", "/auth/oidc", "/auth/demo/x")) {
            calls.add(new Call(HttpMethod.GET, path));
        }
        for (String path : List.of("//", "/signin/", "/%73ignin", "/./signin", "/console//app.css", "/console/js/../app.css",
                "/console/%61pp.css", "/auth//session", "/auth/./session", "/console/./app.css")) {
            calls.add(new Call(HttpMethod.GET, path));
        }
        calls.add(new Call(HttpMethod.POST, "/"));
        calls.add(new Call(HttpMethod.POST, "/signin"));
        calls.add(new Call(HttpMethod.PUT, "/console/app.css"));
        calls.add(new Call(HttpMethod.DELETE, "/auth/session"));
        calls.add(new Call(HttpMethod.GET, "/auth/logout"));
        calls.add(new Call(HttpMethod.GET, "/auth/demo"));
        calls.add(new Call(HttpMethod.POST, "/auth/oidc/callback"));
        calls.add(new Call(HttpMethod.POST, "/auth/session"));
        HttpClient http = vertx.createHttpClient(); // sends the path exactly as written
        List<String> wrong = new ArrayList<>();
        for (Call c : calls) {
            String answer = status(http, c.method(), c.path(), null);
            if (!answer.startsWith("401 ") || !answer.contains("\"UNAUTHORIZED\"")) wrong.add(c + " -> " + answer);
        }
        assertThat(wrong).as("answered without authentication").isEmpty();
        assertThat(audited("auth.refused")).hasSize(calls.size());
        // The same paths with a token: no page or file is reached through another spelling either.
        for (String path : List.of("/signin/", "/%73ignin", "/./signin", "/console//app.css", "/console/js/../app.css")) {
            assertThat(status(http, HttpMethod.GET, path, "admin-token")).as(path).startsWith("404 ").contains("no such resource");
        }
        await(http.close());
    }

    private String status(HttpClient http, HttpMethod method, String uri, String token) {
        return await(http.request(method, port, "127.0.0.1", uri).compose(req -> {
            if (token != null) req.putHeader("Authorization", "Bearer " + token);
            return req.send().compose(res -> res.body().map(b -> res.statusCode() + " " + b));
        }));
    }
}
