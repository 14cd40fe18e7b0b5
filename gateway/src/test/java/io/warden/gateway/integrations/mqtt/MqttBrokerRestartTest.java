package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.warden.gateway.testing.TcpProxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private Mosquitto restarted mid-stream: what the gateway recorded while it was down reaches a subscriber
 * once it is back, none lost and in seq order (a record may come twice: QoS 1 is at least once).
 *
 * <p>The broker keeps nothing across its restart, so those records can only come from the bridge's own buffer.
 * The subscriber must be listening before the bridge releases them (nobody holds messages for a subscriber the
 * restarted broker does not know), so the bridge reaches the broker through a proxy that keeps it out until the
 * subscriber is back; the bridge still sees the broker itself go away.
 */
class MqttBrokerRestartTest {
    @TempDir
    Path dir;

    @Test
    void recordsPublishedWhileTheBrokerIsDownArriveInOrderOnceItIsBack() throws Exception {
        assumeTrue(PrivateMosquitto.installed(), "mosquitto is not installed");
        Vertx net = Vertx.vertx();
        try (PrivateMosquitto broker = PrivateMosquitto.start(dir.resolve("broker"))) {
            TcpProxy gate = await(TcpProxy.start(net, "127.0.0.1", broker.port()));
            try (MqttGatewayFixture f = new MqttGatewayFixture(dir.resolve("gw"), "host: 127.0.0.1, port: " + gate.port() + ", buffer: 500").start()) {
                String events = f.base + "/events/#";
                MqttTestSubscriber sub = MqttTestSubscriber.subscribe(f.vertx, broker.port(), events);
                List<Long> expected = new ArrayList<>(f.append(20, "before"));
                until(() -> seqs(sub, f).size() >= 20, "the first 20 events");

                broker.stop();
                until(() -> !f.status().connected() && !sub.connected(), "the bridge and the subscriber see the broker go");
                gate.cut(); // from here until the subscriber is back, the bridge cannot reach the broker
                expected.addAll(f.append(50, "while down"));
                assertThat(f.status().queued()).as("held by the bridge").isGreaterThanOrEqualTo(50);

                broker.restart();
                await(sub.connect(events));
                assertThat(seqs(sub, f)).as("nothing released yet").hasSize(20);
                gate.restore();
                until(() -> f.status().connected(), "the bridge back", PrivateMosquitto.RECONNECT);
                until(() -> seqs(sub, f).size() >= expected.size(), "all 70 events");
                expected.addAll(f.append(5, "after"));
                until(() -> seqs(sub, f).size() >= expected.size(), "the events after the restart");

                assertThat(seqs(sub, f)).as("every record, once, in seq order").isEqualTo(expected);
                until(() -> f.status().queued() == 0, "nothing left queued");
                assertThat(f.status().dropped()).isZero();

                // The restarted broker lost its retained messages: the bridge published them again on reconnecting.
                MqttTestSubscriber late = MqttTestSubscriber.subscribe(f.vertx, broker.port(), f.base + "/#");
                until(() -> Topics.ONLINE.equals(late.latest(f.topics().available())), "retained online after the restart");
                until(() -> late.latest(f.topics().doorState("s1", "d1")) != null, "d1's retained state after the restart");
                late.close();
                sub.close();
            } finally {
                await(gate.close());
            }
        } finally {
            await(net.close());
        }
    }

    /** The distinct seqs heard, in the order first heard. */
    private static List<Long> seqs(MqttTestSubscriber sub, MqttGatewayFixture f) {
        return sub.under(f.base + "/events/door.test").stream().map(h -> h.json().getLong("seq")).distinct().toList();
    }
}
