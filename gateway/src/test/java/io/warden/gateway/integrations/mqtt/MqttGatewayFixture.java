package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.vertx.core.Vertx;
import io.warden.gateway.Gateway;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.integrations.IntegrationSink;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A gateway started from YAML ({@code Gateway.start}) with two fake-controller doors on site s1 and an
 * {@code integrations.mqtt} section of the test's choosing; the base topic is random per fixture, so tests on the
 * shared broker never hear each other (the client id is the base topic: one id per connection, or the broker
 * would throw one JVM's bridge off for another's). {@link #restart()} starts a new gateway on the same data directory.
 */
final class MqttGatewayFixture implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final String base = "wt" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final Path dir;
    private final String mqttYaml;
    private final Map<String, String> secrets;
    private Gateway gateway;

    /**
     * @param mqttYaml the {@code mqtt:} mapping's fields as a YAML flow mapping body, e.g. {@code host: 127.0.0.1, port: 1883};
     *                 the base topic is added
     */
    MqttGatewayFixture(Path dir, String mqttYaml) {
        this(dir, mqttYaml, Map.of());
    }

    /** @param secrets the gateway's secrets by name, as its environment (e.g. the broker password a {@code passwordSecret} names) */
    MqttGatewayFixture(Path dir, String mqttYaml, Map<String, String> secrets) {
        this.dir = dir;
        this.mqttYaml = mqttYaml;
        this.secrets = secrets;
    }

    MqttGatewayFixture start() throws Exception {
        String yaml = """
                sites: [{id: s1, zones: [{id: z1}]}]
                controllers: [{id: c1, type: fake-controller}]
                tokens: [{name: t1, role: admin, sha256: 91c16f0d6cc1bec3c3603972182a07c66ff4fa71618a975e963d6dbe42b6dd37}]
                doors: [{id: d1, name: Front, site: s1, zone: z1, controller: c1}, {id: d2, name: Gym, site: s1, zone: z1, controller: c1}]
                integrations:
                  mqtt: {%s, baseTopic: %s, clientId: %s}
                """.formatted(mqttYaml, base, base);
        GatewayConfig config = ConfigLoader.parse(yaml, "mqtt-test.yaml", Gateway.factories().keySet(), secrets, dir);
        gateway = await(Gateway.start(vertx, config, Secrets.of(secrets), 0, Clock.systemUTC()));
        return this;
    }

    void stop() {
        if (gateway != null) await(gateway.stop());
        gateway = null;
    }

    void restart() throws Exception {
        stop();
        start();
    }

    Gateway gateway() {
        return gateway;
    }

    Topics topics() {
        return new Topics(base);
    }

    IntegrationSink.SinkStatus status() {
        return await(gateway.integrations().status()).stream().filter(s -> s.id().equals("mqtt")).findFirst().orElseThrow();
    }

    /** Appends a device-like record (as a forced door would be) and returns it as stored. */
    AuditRecord append(String type, String detail) {
        return await(gateway.audit().append(new AuditEntry(Instant.now(), type, "c1", "device", "s1", "z1", "d1", null, null,
                "forced", "alarm", detail)));
    }

    /** Appends {@code n} records of type {@code door.test}, returning their seqs in order. */
    List<Long> append(int n, String tag) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) seqs.add(append("door.test", tag + " " + i).seq());
        return seqs;
    }

    /** The records of {@code type} in the trail, oldest first (waits until at least one is there). */
    List<AuditRecord> audited(String type) {
        List<AuditRecord> out = new ArrayList<>();
        until(() -> {
            out.clear();
            out.addAll(await(gateway.audit().query(new AuditQuery(null, null, null, null, null, null, null, type, null, 1000, 0))).items());
            return !out.isEmpty();
        }, "an audit record of type " + type);
        return out;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            await(vertx.close());
        }
    }
}
