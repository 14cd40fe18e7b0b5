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
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.auth.Role;
import io.warden.gateway.console.ConsoleOptions;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
        provider = new MockOAuth2Server();
        provider.start(InetAddress.getLoopbackAddress(), 0);
        restart(options());
    }

    /** A server with the provider and {@code options} in place of the running one. */
    private void restart(ApiOptions options) {
        await(server.stop());
        client.close();
        ConsoleOptions console = new ConsoleOptions(null, new ConsoleOptions.Oidc(URI.create(provider.issuerUrl("default").toString()),
                "warden-console", null, List.of("openid", "email", "profile"), "District",
                List.of(new ConsoleOptions.RoleRule("groups", "ops", Role.OPERATOR))), false, ConsoleOptions.DEFAULT_IDLE,
                ConsoleOptions.DEFAULT_ABSOLUTE);
        server = new ApiServer(vertx, doorService(), audit, hub, t -> Optional.ofNullable(TOKENS.get(t)), devices, registry, options,
                null, null, null, console, null);
        port = await(server.start());
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false));
    }

    @AfterEach
    void stopProvider() {
        provider.shutdown();
    }

    /** A client whose requests come from {@code address} (a loopback one): another source to the limiter. */
    private WebClient clientFrom(String address) {
        return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setFollowRedirects(false)
                .setLocalAddress(address));
    }

    /** Login, the provider, the callback: the callback's answer. */
    private static HttpResponse<Buffer> signIn(WebClientSession browser) {
        return follow(browser, follow(browser, await(browser.get("/auth/oidc/login?returnTo=/doors").send())));
    }

    private void enqueueJane() {
        provider.enqueueCallback(new DefaultOAuth2TokenCallback("default", "jane-1098", "JWT", List.of("warden-console"),
                Map.of("name", "Jane Smith", "groups", List.of("ops")), 3600));
    }

    /** Refusals counted in the trail: each refusal record once, each summary its {@code count=N}. */
    private long refusedSignInsInTrail() {
        long n = 0;
        for (var r : audit.where(r -> r.entry().type().startsWith("console.sign_in_refused"))) {
            String d = r.entry().detail();
            n += r.entry().type().endsWith(".summary") ? Long.parseLong(d.substring("count=".length(), d.indexOf(' '))) : 1;
        }
        return n;
    }

    @Test
    void aFloodOfBadCallbacksEndsIn429WithABoundedTrailWhileAnotherAddressSignsIn() {
        int burst = 10;
        int flood = 200;
        restart(options().withRefusals(new RefusalLimits(burst, 0.05, 1_000, Duration.ofMillis(300), 3)));
        WebClient attacker = clientFrom("127.0.0.1");
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<Buffer> last = null;
        for (int i = 0; i < flood; i++) {
            last = await(attacker.get("/auth/oidc/callback?state=forged-" + i + "&code=c").send());
            statuses.add(last.statusCode());
        }
        attacker.close();
        assertThat(statuses.subList(0, burst)).as("refused as bad state up to the burst").containsOnly(400);
        assertThat(statuses.subList(burst + 2, flood)).as("then limited (a token may refill meanwhile)").containsOnly(429);
        assertThat(last.getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(last.getHeader("Content-Type")).startsWith("text/html");
        assertThat(last.bodyAsString()).contains("Too many failed sign-ins").doesNotContain("Exception");

        Waits.until(() -> refusedSignInsInTrail() == flood, "every refused callback counted in the trail once summaries are written");
        List<AuditRecord> records = audit.where(r -> r.entry().type().startsWith("console.sign_in_refused"));
        assertThat(records.size()).as("records: a few in full, then summaries").isLessThan(flood / 5);
        assertThat(records).filteredOn(r -> r.entry().type().equals("console.sign_in_refused")).isNotEmpty().allSatisfy(r -> {
            assertThat(r.entry().source()).isEqualTo("127.0.0.1");
            assertThat(r.entry().actor()).isEqualTo("anonymous");
            assertThat(r.entry().action()).isEqualTo("GET /auth/oidc/callback");
            assertThat(r.entry().detail()).contains("method=oidc why=unknown, used or expired state").doesNotContain("forged");
        });
        assertThat(records).filteredOn(r -> r.entry().type().equals("console.sign_in_refused.summary")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.entry().detail()).startsWith("count="));
        assertThat(audit.where(r -> r.entry().type().startsWith("auth.refused"))).as("no API refusal was made").isEmpty();

        enqueueJane();
        WebClient neighbour = clientFrom("127.0.0.2");
        HttpResponse<Buffer> signedIn = signIn(WebClientSession.create(neighbour));
        neighbour.close();
        assertThat(signedIn.getHeader("Location")).as("another address signs in during the flood").isEqualTo("/doors");
        assertThat(audit.where(r -> r.entry().type().equals("console.sign_in"))).singleElement()
                .satisfies(r -> assertThat(r.entry().source()).isEqualTo("127.0.0.2"));
    }

    @Test
    void successfulSignInsNeverSpendTheRefusalBudget() {
        int burst = 2;
        restart(options().withRefusals(new RefusalLimits(burst, 0.01, 1_000, Duration.ofSeconds(10), 5)));
        for (int i = 0; i < burst + 2; i++) {
            enqueueJane();
            assertThat(signIn(WebClientSession.create(client)).getHeader("Location")).isEqualTo("/doors");
        }
        HttpResponse<Buffer> refused = await(client.get("/auth/oidc/callback?state=forged&code=c").send());
        assertThat(refused.statusCode()).as("the first refusal after many sign-ins is still within the burst").isEqualTo(400);
        assertThat(audit.where(r -> r.entry().type().equals("console.sign_in"))).hasSize(burst + 2);
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
