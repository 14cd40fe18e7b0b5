package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.console.ConsoleOptions;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Behind a proxy that terminates TLS: the gateway itself speaks plain HTTP, but {@code publicUrl} says
 * browsers use HTTPS. The session is then the {@code __Host-} cookie only (a plain-named one can be
 * planted by anyone on the network over plain HTTP: it would sign the browser in as the attacker), and
 * answers carry HSTS.
 */
class ConsoleBehindProxyApiTest extends ApiTestBase {
    private static final String PUBLIC = "https://warden.lincoln.example";

    @Override
    ApiServer createServer() {
        return new ApiServer(vertx, doorService(), audit, hub, ApiTestBase::token, devices, registry, options(), null, null, null,
                new ConsoleOptions(URI.create(PUBLIC), null, true, ConsoleOptions.DEFAULT_IDLE, ConsoleOptions.DEFAULT_ABSOLUTE), null);
    }

    @Test
    void onlyTheHostPrefixedCookieSignsInAndAnswersCarryHsts() {
        var res = await(client.post(ConsoleRoutes.DEMO).putHeader("Origin", PUBLIC).sendJsonObject(new JsonObject().put("role", "admin")));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        String set = res.getHeader("Set-Cookie");
        assertThat(set).startsWith("__Host-warden_session=").containsIgnoringCase("; Secure");
        assertThat(res.getHeader("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);
        String value = set.substring(set.indexOf('=') + 1, set.indexOf(';'));

        assertThat(await(client.get("/api/v1/doors").putHeader("Cookie", "__Host-warden_session=" + value).send()).statusCode())
                .isEqualTo(200);
        var planted = await(client.get("/api/v1/doors").putHeader("Cookie", "warden_session=" + value).send());
        assertThat(problem(planted, 401, "UNAUTHORIZED").getString("detail")).isEqualTo("no bearer token");
        var session = await(client.get(ConsoleRoutes.SESSION).putHeader("Cookie", "warden_session=" + value).send());
        assertThat(session.statusCode()).as("/auth/session does not take the plain name either").isEqualTo(401);
    }
}
