package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.warden.gateway.console.ConsoleOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API under TLS, with the console's demo sign-in on: bearer calls are served and plain HTTP is not; the
 * console's cookie is the {@code __Host-} one, Secure; a plain-named cookie is not taken; HSTS on every answer.
 */
class TlsApiTest extends ApiTestBase {
    private static SelfSignedCertificate cert;
    private WebClient tls;

    @Override
    ApiOptions options() {
        try {
            cert = SelfSignedCertificate.create("localhost");
        } catch (RuntimeException e) {
            cert = null;
            return super.options();
        }
        return super.options().withTls(cert.certificatePath(), cert.privateKeyPath());
    }

    @Override
    ApiServer createServer() {
        return new ApiServer(vertx, doorService(), audit, hub, ApiTestBase::token, devices, registry, options(), null, null, null,
                new ConsoleOptions(null, null, true, ConsoleOptions.DEFAULT_IDLE, ConsoleOptions.DEFAULT_ABSOLUTE), null);
    }

    @BeforeEach
    void tlsClient() {
        tls = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterEach
    void closeTlsClient() {
        if (tls != null) tls.close();
    }

    @Test
    void servesOverTls() {
        assumeTrue(cert != null, "cannot generate a self-signed certificate on this JDK");
        var res = await(tls.get("/api/v1/doors").putHeader("Authorization", "Bearer viewer-token").send());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.bodyAsJsonObject().getJsonArray("items")).hasSize(3);
        // Plain HTTP on the TLS port does not get an answer.
        assertThat(client.get("/health").send().toCompletionStage().toCompletableFuture())
                .failsWithin(java.time.Duration.ofSeconds(10));
    }

    @Test
    void theCookieIsHostPrefixedAndSecureAndEveryAnswerHasHsts() {
        assumeTrue(cert != null, "cannot generate a self-signed certificate on this JDK");
        var res = await(tls.post(ConsoleRoutes.DEMO).putHeader("Origin", "https://127.0.0.1:" + port)
                .sendJsonObject(new JsonObject().put("role", "viewer")));
        assertThat(res.statusCode()).as(res.bodyAsString()).isEqualTo(200);
        String set = res.getHeader("Set-Cookie");
        assertThat(set).startsWith("__Host-warden_session=").contains("Path=/").containsIgnoringCase("; Secure")
                .containsIgnoringCase("; HttpOnly").contains("SameSite=Lax").doesNotContainIgnoringCase("Domain=");
        assertThat(res.getHeader("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);
        String value = set.substring(set.indexOf('=') + 1, set.indexOf(';'));

        var doors = await(tls.get("/api/v1/doors").putHeader("Cookie", "__Host-warden_session=" + value).send());
        assertThat(doors.statusCode()).isEqualTo(200);
        assertThat(doors.getHeader("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);
        // Over TLS only the __Host- cookie counts: the plain name could have been planted over plain HTTP.
        var planted = await(tls.get("/api/v1/doors").putHeader("Cookie", "warden_session=" + value).send());
        assertThat(problem(planted, 401, "UNAUTHORIZED").getString("detail")).isEqualTo("no bearer token");
        assertThat(planted.getHeader("Strict-Transport-Security")).isEqualTo(SecurityHeaders.HSTS);
    }
}
