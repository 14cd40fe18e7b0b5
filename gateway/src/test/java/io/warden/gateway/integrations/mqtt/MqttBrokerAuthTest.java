package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.warden.adapter.api.testing.CapturedStderr;
import io.warden.gateway.audit.AuditRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's credentials against a private Mosquitto that admits only the users of its password file
 * ({@code allow_anonymous false}, the file made by {@code mosquitto_passwd -b}).
 */
class MqttBrokerAuthTest {
    private static final String PASSWORD = "correct-horse-7Qx";
    private static final String WRONG = "wrong-guess-9Zk";
    private static final String WATCHER_PASSWORD = "watcher-pass-3Jd";

    @TempDir
    Path dir;

    @Test
    void theRightPasswordConnectsAndPublishes() throws Exception {
        assumeTrue(PrivateMosquitto.installed(), "mosquitto is not installed");
        try (PrivateMosquitto broker = broker();
             MqttGatewayFixture f = new MqttGatewayFixture(dir.resolve("gw"), mqtt(broker), Map.of("mqtt_password", PASSWORD)).start()) {
            MqttTestSubscriber sub = MqttTestSubscriber.subscribe(f.vertx, broker.port(), f.base + "/#",
                    o -> o.setUsername("watcher").setPassword(WATCHER_PASSWORD));
            until(() -> Topics.ONLINE.equals(sub.latest(f.topics().available())), "gateway online");
            AuditRecord forced = f.append("door.forced", "with credentials");
            until(() -> sub.latest(f.topics().event("door.forced")) != null, "the event");
            assertThat(new io.vertx.core.json.JsonObject(sub.latest(f.topics().event("door.forced"))).getLong("seq")).isEqualTo(forced.seq());
            assertThat(f.status().connected()).isTrue();
            assertThat(f.status().lastError()).isNull();
            sub.close();
        }
    }

    @Test
    void aWrongPasswordNeverConnectsAndTheStatusSaysWhyWithoutThePassword() throws Exception {
        assumeTrue(PrivateMosquitto.installed(), "mosquitto is not installed");
        try (CapturedStderr err = CapturedStderr.start();
             PrivateMosquitto broker = broker();
             MqttGatewayFixture f = new MqttGatewayFixture(dir.resolve("gw"), mqtt(broker), Map.of("mqtt_password", WRONG)).start()) {
            // Refused, and refused again: the bridge keeps trying (a password may be fixed at the broker), never gets in.
            until(() -> count(broker.log(), "not authorised") >= 3, "three refused attempts", PrivateMosquitto.RECONNECT);
            assertThat(f.status().connected()).isFalse();
            assertThat(f.status().lastError()).contains("broker refused the connection").contains("passwordSecret").doesNotContain(WRONG);

            // The gateway carries on: records are kept, and queued for the broker.
            AuditRecord r = f.append("door.forced", "while refused");
            assertThat(r.seq()).isPositive();
            until(() -> f.status().queued() >= 1, "the record queued for the broker");

            // Logged once for the outage (not once per attempt, and not by vert.x-mqtt with a stack trace); never the password.
            until(() -> err.lines("event=mqtt_unavailable").size() == 1, "the outage logged");
            assertThat(err.lines("event=mqtt_unavailable").get(0)).contains("broker refused the connection");
            assertThat(err.text()).doesNotContain(WRONG).doesNotContain("MqttClientImpl");
        }
    }

    private PrivateMosquitto broker() throws Exception {
        Path conf = dir.resolve("broker");
        Path passwords = PrivateMosquitto.passwordFile(conf, Map.of("warden", PASSWORD, "watcher", WATCHER_PASSWORD));
        return PrivateMosquitto.start(conf, List.of("allow_anonymous false", "password_file " + passwords));
    }

    private static String mqtt(PrivateMosquitto broker) {
        return "host: 127.0.0.1, port: " + broker.port() + ", username: warden, passwordSecret: mqtt_password";
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) n++;
        return n;
    }
}
