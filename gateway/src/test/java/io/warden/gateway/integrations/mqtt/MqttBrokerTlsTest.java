package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.cluster.TestPki;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge over TLS to a private Mosquitto whose certificate a test CA signed (made at run time, SAN 127.0.0.1):
 * with that CA as {@code caFile} it connects and publishes; with another CA it never connects, and says why.
 */
class MqttBrokerTlsTest {
    @TempDir
    Path dir;

    @Test
    void theBrokersCaFileLetsTheBridgeInOverTls() throws Exception {
        assumeTrue(PrivateMosquitto.installed(), "mosquitto is not installed");
        TestPki pki = TestPki.create(dir, "mqtt");
        try (PrivateMosquitto broker = tlsBroker(pki);
             MqttGatewayFixture f = new MqttGatewayFixture(dir.resolve("gw"), mqtt(broker, pki.caPem())).start()) {
            String ca = pki.caPem().toString();
            MqttTestSubscriber sub = MqttTestSubscriber.subscribe(f.vertx, broker.port(), f.base + "/#",
                    o -> o.setSsl(true).setHostnameVerificationAlgorithm("HTTPS").setTrustOptions(new PemTrustOptions().addCertPath(ca)));
            until(() -> Topics.ONLINE.equals(sub.latest(f.topics().available())), "gateway online");
            AuditRecord forced = f.append("door.forced", "over tls");
            until(() -> sub.latest(f.topics().event("door.forced")) != null, "the event");
            assertThat(new JsonObject(sub.latest(f.topics().event("door.forced"))).getLong("seq")).isEqualTo(forced.seq());
            assertThat(f.status().connected()).isTrue();
            sub.close();
        }
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsRefused() throws Exception {
        assumeTrue(PrivateMosquitto.installed(), "mosquitto is not installed");
        TestPki pki = TestPki.create(dir, "mqtt");
        TestPki stranger = TestPki.create(dir, "stranger");
        try (PrivateMosquitto broker = tlsBroker(pki);
             MqttGatewayFixture f = new MqttGatewayFixture(dir.resolve("gw"), mqtt(broker, stranger.caPem())).start()) {
            until(() -> f.status().lastError() != null, "the first attempt's error", PrivateMosquitto.RECONNECT);
            assertThat(f.status().connected()).isFalse();
            assertThat(f.status().lastError()).startsWith("TLS handshake failed").contains("certification path");
            AuditRecord r = f.append("door.forced", "while untrusted");
            until(() -> f.status().queued() >= 1, "the record queued, the gateway carries on");
            assertThat(r.seq()).isPositive();
        }
    }

    private PrivateMosquitto tlsBroker(TestPki pki) throws Exception {
        Path[] cert = pki.node("broker");
        return PrivateMosquitto.start(dir.resolve("broker"), List.of("allow_anonymous true", "certfile " + cert[0], "keyfile " + cert[1]));
    }

    private static String mqtt(PrivateMosquitto broker, Path ca) {
        return "host: 127.0.0.1, port: " + broker.port() + ", tls: true, caFile: " + ca;
    }
}
