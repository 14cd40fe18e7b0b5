package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.await;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A raw MQTT subscriber for the tests: what a Home Assistant or a Node-RED would see. Every message it hears is
 * kept, in arrival order; {@link #latest} is the last payload per topic.
 */
final class MqttTestSubscriber {
    /** One message as heard. */
    record Heard(String topic, String payload, boolean retained) {
        JsonObject json() {
            return new JsonObject(payload);
        }
    }

    private final Vertx vertx;
    private final MqttClientOptions options;
    private final int port;
    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private final Map<String, Heard> latest = new ConcurrentHashMap<>();
    private volatile MqttClient client;
    private volatile boolean connecting;

    private MqttTestSubscriber(Vertx vertx, int port, MqttClientOptions options) {
        this.vertx = vertx;
        this.port = port;
        this.options = options;
    }

    /** Connects to 127.0.0.1:{@code port} with a clean session and subscribes to {@code filter} (QoS 1). */
    static MqttTestSubscriber subscribe(Vertx vertx, int port, String filter) {
        return subscribe(vertx, port, filter, o -> {});
    }

    /** As {@link #subscribe(Vertx, int, String)}, with options of the test's (credentials, TLS). */
    static MqttTestSubscriber subscribe(Vertx vertx, int port, String filter, Consumer<MqttClientOptions> tune) {
        MqttClientOptions options = new MqttClientOptions().setClientId("warden-test-" + UUID.randomUUID().toString().substring(0, 12))
                .setCleanSession(true).setAutoKeepAlive(true);
        tune.accept(options);
        MqttTestSubscriber s = new MqttTestSubscriber(vertx, port, options);
        await(s.connect(filter));
        return s;
    }

    /** (Re)connects (a new clean session) and subscribes, done at the SUBACK; fails when the broker is not there. */
    Future<Void> connect(String filter) {
        if (connecting) return Future.succeededFuture();
        connecting = true;
        MqttClient c = MqttClient.create(vertx, options);
        c.publishHandler(m -> {
            Heard h = new Heard(m.topicName(), m.payload().toString(StandardCharsets.UTF_8), m.isRetain());
            heard.add(h);
            latest.put(h.topic(), h);
        });
        // subscribe's future completes when the SUBSCRIBE is written; the SUBACK says the broker will route to us.
        Promise<Void> subacked = Promise.promise();
        c.subscribeCompletionHandler(ack -> subacked.tryComplete());
        return c.connect(port, "127.0.0.1").compose(ack -> c.subscribe(filter, MqttQoS.AT_LEAST_ONCE.value()))
                .compose(id -> subacked.future()).<Void>map(v -> {
            client = c;
            return null;
        }).onComplete(ar -> connecting = false);
    }

    /** Whether its connection is up (a private broker's restart drops it). */
    boolean connected() {
        MqttClient c = client;
        return c != null && c.isConnected();
    }

    List<Heard> heard() {
        return List.copyOf(heard);
    }

    /** The last payload heard on {@code topic}, or null. */
    String latest(String topic) {
        Heard h = latest.get(topic);
        return h == null ? null : h.payload();
    }

    /** The messages heard on topics starting with {@code prefix}, in order. */
    List<Heard> under(String prefix) {
        return heard.stream().filter(h -> h.topic().startsWith(prefix)).toList();
    }

    void close() {
        MqttClient c = client;
        if (c != null && c.isConnected()) await(c.disconnect().otherwiseEmpty());
    }
}
