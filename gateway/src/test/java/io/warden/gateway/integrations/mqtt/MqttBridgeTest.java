package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.door.LockdownRequest;
import io.warden.gateway.testing.TcpProxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge against the machine's Mosquitto (127.0.0.1:1883), each test under a random base topic, through a
 * gateway started from YAML. A raw subscriber sees what Home Assistant or Node-RED would.
 */
class MqttBridgeTest {
    private static final int BROKER = 1883;
    private static final Principal OPERATOR = new Principal("op", Role.OPERATOR);

    @TempDir
    Path dir;

    @Test
    void doorStatesLockdownsAvailabilityAndEventsArrive() throws Exception {
        try (MqttGatewayFixture f = new MqttGatewayFixture(dir, "host: 127.0.0.1, port: " + BROKER).start()) {
            Topics t = f.topics();
            MqttTestSubscriber sub = MqttTestSubscriber.subscribe(f.vertx, BROKER, f.base + "/#");
            try {
                until(() -> Topics.ONLINE.equals(sub.latest(t.available())), "gateway online");
                until(() -> sub.latest(t.doorState("s1", "d2")) != null, "d2's state");
                JsonObject d1 = new JsonObject(sub.latest(t.doorState("s1", "d1")));
                assertThat(d1.getString("lock")).isEqualTo("locked");
                assertThat(d1.getString("contact")).isEqualTo("closed");
                assertThat(d1.getBoolean("online")).isTrue();
                assertThat(sub.latest(t.doorAvailability("s1", "d1"))).isEqualTo(Topics.ONLINE);
                assertThat(new JsonObject(sub.latest(t.lockdown("s1"))).getBoolean("active")).isFalse();
                // The fake controller reports no health of its own: unknown is never shown as online.
                until(() -> sub.latest(t.deviceAvailability("c1")) != null, "controller c1's availability");
                assertThat(sub.latest(t.deviceAvailability("c1"))).isIn(Topics.ONLINE, Topics.OFFLINE);

                // A command changes the door: its retained state follows, and the command's records arrive as events.
                await(f.gateway().doors().execute("d1", new DoorCommand.Unlock(null), OPERATOR, "test"));
                until(() -> "unlocked".equals(new JsonObject(sub.latest(t.doorState("s1", "d1"))).getString("lock")), "d1 unlocked");
                assertThat(new JsonObject(sub.latest(t.doorState("s1", "d2"))).getString("lock")).as("d2 untouched").isEqualTo("locked");

                AuditRecord forced = f.append("door.forced", "forced open");
                until(() -> sub.latest(t.event("door.forced")) != null, "the door.forced event");
                JsonObject event = new JsonObject(sub.latest(t.event("door.forced")));
                assertThat(event.getLong("seq")).isEqualTo(forced.seq());
                assertThat(event.getString("door")).isEqualTo("d1");
                assertThat(event.getString("hash")).as("the trail's hash travels with it").isNotBlank();
                assertThat(sub.under(f.base + "/events/").stream().anyMatch(h -> h.retained())).as("events are not retained").isFalse();

                // A lockdown of the site shows on its topic and in the doors' state.
                var report = await(f.gateway().doors().startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                        new LockdownRequest.Scope("s1", null, null), true, "drill"), OPERATOR, "test"));
                until(() -> new JsonObject(sub.latest(t.lockdown("s1"))).getBoolean("active"), "s1 lockdown active");
                JsonObject lockdown = new JsonObject(sub.latest(t.lockdown("s1"))).getJsonArray("lockdowns").getJsonObject(0);
                assertThat(lockdown.getString("id")).isEqualTo(report.id());
                assertThat(lockdown.getBoolean("drill")).isTrue();
                until(() -> report.id().equals(new JsonObject(sub.latest(t.doorState("s1", "d1"))).getString("lockdown")), "d1 under lockdown");

                until(() -> f.status().delivered() >= 1 && f.status().queued() == 0, "delivered, nothing queued");
                assertThat(f.status().connected()).isTrue();
                assertThat(f.status().lastError()).isNull();
            } finally {
                sub.close();
            }
        }
    }

    @Test
    void aNewSubscriberGetsTheCurrentStatesAfterAGatewayRestart() throws Exception {
        try (MqttGatewayFixture f = new MqttGatewayFixture(dir, "host: 127.0.0.1, port: " + BROKER).start()) {
            Topics t = f.topics();
            MqttTestSubscriber watch = MqttTestSubscriber.subscribe(f.vertx, BROKER, f.base + "/#");
            await(f.gateway().doors().execute("d1", new DoorCommand.Unlock(null), OPERATOR, "test"));
            until(() -> watch.latest(t.doorState("s1", "d1")) != null
                    && "unlocked".equals(new JsonObject(watch.latest(t.doorState("s1", "d1"))).getString("lock")), "d1 unlocked");

            f.stop(); // a clean stop says offline itself (the broker drops the will on DISCONNECT)
            until(() -> Topics.OFFLINE.equals(watch.latest(t.available())), "gateway offline after its stop");
            watch.close();

            f.start(); // the fake controller reports d1 locked now: the retained unlocked must not survive
            MqttTestSubscriber late = MqttTestSubscriber.subscribe(f.vertx, BROKER, f.base + "/#");
            try {
                until(() -> Topics.ONLINE.equals(late.latest(t.available())), "gateway online again");
                until(() -> "locked".equals(new JsonObject(late.latest(t.doorState("s1", "d1"))).getString("lock")), "d1 locked as retained");
                assertThat(late.latest(t.doorAvailability("s1", "d1"))).isEqualTo(Topics.ONLINE);
            } finally {
                late.close();
            }
        }
    }

    @Test
    void theWillSaysOfflineWhenTheConnectionDiesAndTheBridgeComesBack() throws Exception {
        TcpProxyHolder proxy = new TcpProxyHolder();
        try (MqttGatewayFixture f = new MqttGatewayFixture(dir, "host: 127.0.0.1, port: " + proxy.port(BROKER)).start()) {
            Topics t = f.topics();
            MqttTestSubscriber sub = MqttTestSubscriber.subscribe(f.vertx, BROKER, f.base + "/#");
            try {
                until(() -> Topics.ONLINE.equals(sub.latest(t.available())), "gateway online");
                proxy.proxy.cut(); // the TCP connection dies without a DISCONNECT: the broker publishes the will
                until(() -> Topics.OFFLINE.equals(sub.latest(t.available())), "the last will: offline");
                until(() -> !f.status().connected(), "the bridge sees the loss");
                List<Long> whileDown = f.append(3, "while cut");
                assertThat(f.status().queued()).isGreaterThanOrEqualTo(3);

                proxy.proxy.restore();
                until(() -> Topics.ONLINE.equals(sub.latest(t.available())), "online again after the reconnect");
                until(() -> sub.under(f.base + "/events/door.test").size() >= 3, "the events queued while cut");
                assertThat(sub.under(f.base + "/events/door.test").stream().map(h -> h.json().getLong("seq")).distinct().toList())
                        .isEqualTo(whileDown);
            } finally {
                sub.close();
                await(proxy.proxy.close());
            }
        }
    }

    @Test
    void whatOverflowsTheBufferIsAuditedBySeqRange() throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort(); // closed again: nothing listens there
        }
        try (MqttGatewayFixture f = new MqttGatewayFixture(dir, "host: 127.0.0.1, port: " + nobody + ", buffer: 5").start()) {
            List<Long> seqs = f.append(12, "overflow");
            AuditRecord dropped = f.audited("integration.dropped").get(0);
            assertThat(dropped.entry().actor()).isEqualTo("mqtt");
            long last = seqs.get(seqs.size() - 1);
            // The oldest five are kept (these or records before them); the rest, up to the last, are named.
            assertThat(dropped.entry().detail()).contains("not delivered to mqtt").contains(".." + last);
            until(() -> f.status().dropped() >= 7, "seven or more counted as dropped");
            assertThat(f.status().queued()).isEqualTo(5);
            assertThat(f.status().connected()).isFalse();
            assertThat(f.status().lastError()).isNotBlank();
        }
    }

    /** A proxy started on first use with the fixture's Vert.x-free lifecycle. */
    private static final class TcpProxyHolder {
        private final io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        TcpProxy proxy;

        int port(int target) {
            proxy = await(TcpProxy.start(vertx, "127.0.0.1", target));
            return proxy.port();
        }
    }
}
