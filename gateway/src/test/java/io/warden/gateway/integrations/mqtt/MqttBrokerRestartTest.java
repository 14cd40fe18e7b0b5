package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private Mosquitto restarted mid-stream: what the gateway recorded while it was down reaches a subscriber
 * once it is back, none lost and in seq order (a record may come twice: QoS 1 is at least once).
 */
class MqttBrokerRestartTest {
    @TempDir
    Path dir;

    @Test
    void recordsPublishedWhileTheBrokerIsDownArriveInOrderOnceItIsBack() throws Exception {
        assumeTrue(PrivateMosquitto.installed(), "mosquitto is not installed");
        try (PrivateMosquitto broker = PrivateMosquitto.start(dir.resolve("broker"));
             MqttGatewayFixture f = new MqttGatewayFixture(dir.resolve("gw"), "host: 127.0.0.1, port: " + broker.port() + ", buffer: 500").start()) {
            // A persistent session: the broker keeps (and saves) the subscriber's QoS 1 messages while it is away.
            MqttTestSubscriber sub = MqttTestSubscriber.persistent(f.vertx, broker.port(), f.base + "/events/#");
            List<Long> expected = new ArrayList<>(f.append(20, "before"));
            until(() -> sub.under(f.base + "/events/door.test").size() >= 20, "the first 20 events");

            broker.stop();
            until(() -> !f.status().connected(), "the bridge sees the broker go");
            expected.addAll(f.append(50, "while down"));
            assertThat(f.status().queued()).isGreaterThanOrEqualTo(50);

            broker.restart();
            until(() -> f.status().connected(), "the bridge back", PrivateMosquitto.RECONNECT);
            until(() -> {
                if (!sub.connected()) sub.connect(f.base + "/events/#").otherwiseEmpty();
                return seqs(sub, f).size() >= expected.size();
            }, "all 70 events", PrivateMosquitto.RECONNECT);
            expected.addAll(f.append(5, "after"));
            until(() -> seqs(sub, f).size() >= expected.size(), "the events after the restart");

            assertThat(seqs(sub, f)).as("every record, once, in seq order").isEqualTo(expected);
            until(() -> f.status().queued() == 0, "nothing left queued");
            assertThat(f.status().dropped()).isZero();
            sub.close();
        }
    }

    /** The distinct seqs heard, in the order first heard. */
    private static List<Long> seqs(MqttTestSubscriber sub, MqttGatewayFixture f) {
        return sub.under(f.base + "/events/door.test").stream().map(h -> h.json().getLong("seq")).distinct().toList();
    }
}
