package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import io.warden.adapter.api.testing.Waits;
import io.warden.gateway.auth.Role;
import io.warden.gateway.console.ConsoleOptions;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider sign-in through the whole API server (its gate, the console's routes, the session
 * authenticating API calls), and the provider in {@code /health}, against a real OpenID Connect provider.
 */
class ConsoleOidcApiTest extends ApiTestBase {
    private MockOAuth2Server provider;

    /** Replaces the base's server by one with a console provider (the base stops it after each test). */
    @BeforeEach
    void startWithProvider() {
        await(server.stop());
        client.close();
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        ConsoleOptions console = new ConsoleOptions(null, new ConsoleOptions.Oidc(URI.create(provider.issuerUrl("default").toString()),
                "warden-console", null, List.of("openid", "email", "profile"), "District",
                List.of(new ConsoleOptions.RoleRule("groups", "ops", Role.OPERATOR))), false, ConsoleOptions.DEFAULT_IDLE,
                ConsoleOptions.DEFAULT_ABSOLUTE);
        server = new ApiServer(vertx, doorService(), audit, hub, t -> Optional.ofNullable(TOKENS.get(t)), devices, registry, options(),
                null, null, null, console, null);
        port = await(server.start());
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false));
    }

    @AfterEach
    void stopProvider() {
        provider.shutdown();
    }

    private static HttpResponse<Buffer> follow(WebClientSession browser, HttpResponse<Buffer> redirect) {
        assertThat(redirect.statusCode()).as(redirect.bodyAsString()).isEqualTo(302);
        String to = redirect.getHeader("Location");
        return await(to.startsWith("/") ? browser.get(to).send() : browser.getAbs(to).send());
    }

    @Test
    void aProviderSignInMakesASessionThatCallsTheApiAndIsTheAuditActor() {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "jane-1098", "JWT", List.of("warden-console"),
                Map.of("name", "Jane Smith", "groups", List.of("ops")), 3600));
        WebClientSession browser = WebClientSession.create(client);
        HttpResponse<Buffer> login = await(browser.get("/auth/oidc/login?returnTo=/doors").send());
        HttpResponse<Buffer> callback = follow(browser, login);
        HttpResponse<Buffer> signedIn = follow(browser, callback);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.getHeader("Location")).isEqualTo("/doors");

        JsonObject session = await(browser.get("/auth/session").send()).bodyAsJsonObject();
        String actor = "Jane Smith (oidc " + URI.create(provider.issuerUrl("default").toString()).getHost() + "/jane-1098)";
        assertThat(session.getString("name")).isEqualTo("Jane Smith");
        assertThat(session.getString("actor")).isEqualTo(actor);
        assertThat(session.getString("role")).isEqualTo("operator");
        assertThat(session.getString("csrf")).isNotBlank();
        assertThat(await(browser.get("/api/v1/doors").send()).statusCode()).as("the session authenticates API reads").isEqualTo(200);
        assertThat(audit.where(r -> r.entry().type().equals("console.sign_in"))).singleElement()
                .satisfies(r -> assertThat(r.entry().actor()).isEqualTo(actor));
    }

    @Test
    void healthReportsTheProviderWithoutDegradingTheNode() {
        Waits.until(() -> "ok".equals(oidcHealth().getString("status")), "the provider's health read");
        HttpResponse<Buffer> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(OpenApiAnswerCheck.gatewayContract().violation("GET", "/health", 200, "application/json", health.body().getBytes())).isNull();
        provider.shutdown();
        assertThat(oidcHealth().getString("provider")).isEqualTo("District");
        assertThat(get("/health", null).statusCode()).as("a provider that is down does not take the node down").isEqualTo(200);
    }

    private JsonObject oidcHealth() {
        return get("/health", null).bodyAsJsonObject().getJsonObject("console").getJsonObject("oidc");
    }
}
