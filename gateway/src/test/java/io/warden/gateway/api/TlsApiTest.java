package io.warden.gateway.api;

import static io.warden.adapter.api.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;

class TlsApiTest extends ApiTestBase {
    private static SelfSignedCertificate cert;

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

    @Test
    void servesOverTls() {
        assumeTrue(cert != null, "cannot generate a self-signed certificate on this JDK");
        WebClient tls = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
                .setDefaultHost("127.0.0.1").setDefaultPort(port));
        try {
            var res = await(tls.get("/api/v1/doors").putHeader("Authorization", "Bearer viewer-token").send());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.bodyAsJsonObject().getJsonArray("items")).hasSize(3);
            // Plain HTTP on the TLS port does not get an answer.
            assertThat(client.get("/health").send().toCompletionStage().toCompletableFuture())
                    .failsWithin(java.time.Duration.ofSeconds(10));
        } finally {
            tls.close();
        }
    }
}
