package io.warden.gateway.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.warden.gateway.integrations.mqtt.Topics;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The three far ends of {@link IntegrationsBench}, each as a district's own system would be: an SSE client of
 * the API, an MQTT subscriber, a webhook receiver. Each notes the time a record arrives before anything else.
 */
final class IntegrationsBenchReceivers {
    private IntegrationsBenchReceivers() {}

    /**
     * {@code GET /api/v1/events?type=door.} with a bearer token, read as SSE frames; completes when the stream is
     * open. Every end of the stream is counted in {@code ends} (the API drops a client too slow for the trail).
     */
    static Future<Void> sse(HttpClientAgent client, int port, String token, EventReceipts receipts, AtomicInteger ends) {
        RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                .setURI("/api/v1/events?type=door.").putHeader("Authorization", "Bearer " + token).putHeader("Accept", "text/event-stream");
        return client.request(get).compose(req -> req.send()).compose(res -> {
            if (res.statusCode() != 200) return Future.failedFuture("SSE: HTTP " + res.statusCode());
            RecordParser frames = RecordParser.newDelimited("\n\n", res);
            frames.handler(frame -> {
                long at = EventReceipts.now();
                for (String line : frame.toString(StandardCharsets.UTF_8).split("\n")) {
                    if (!line.startsWith("data: ")) continue;
                    try {
                        receipts.receipt(new JsonObject(line.substring(6)).getString("detail"), at);
                    } catch (DecodeException e) {
                        receipts.unreadable();
                    }
                }
            });
            res.endHandler(v -> ends.incrementAndGet());
            res.exceptionHandler(t -> ends.incrementAndGet());
            return Future.succeededFuture();
        });
    }

    /**
     * A subscriber to every topic under the bridge's base (clean session): events are receipts, every other topic
     * (retained states, availability) is remembered so {@link #clearRetained()} can remove them from the shared
     * broker afterwards. At QoS 1 the broker has a bounded number of messages in flight to it (Mosquitto: 20) and
     * queues the rest, up to a limit (1000) beyond which it drops them; at QoS 0 it writes them to the socket.
     */
    static final class MqttReader {
        private final MqttClient client;
        private final Topics topics;
        private final EventReceipts receipts;
        private final Set<String> retained = ConcurrentHashMap.newKeySet();
        private final Promise<Void> online = Promise.promise();
        private final AtomicInteger acked = new AtomicInteger();

        private final MqttQoS qos;

        MqttReader(Vertx vertx, Topics topics, EventReceipts receipts, MqttQoS qos) {
            this.topics = topics;
            this.qos = qos;
            this.receipts = receipts;
            this.client = MqttClient.create(vertx, new MqttClientOptions().setClientId("bench-reader-" + Long.toHexString(System.nanoTime()))
                    .setCleanSession(true).setMaxMessageSize(1 << 20));
        }

        /** Connects and subscribes; completes on the broker's SUBACK. */
        Future<Void> start(String host, int port) {
            Promise<Void> subscribed = Promise.promise();
            client.publishHandler(this::onMessage).subscribeCompletionHandler(ack -> subscribed.tryComplete());
            return client.connect(port, host).compose(ack -> client.subscribe(topics.base() + "/#", qos.value()))
                    .compose(id -> subscribed.future());
        }

        private void onMessage(MqttPublishMessage m) {
            long at = EventReceipts.now();
            if (!m.topicName().startsWith(topics.event(""))) {
                retained.add(m.topicName());
                if (m.topicName().equals(topics.available()) && Topics.ONLINE.equals(m.payload().toString(StandardCharsets.UTF_8))) {
                    online.tryComplete();
                }
                return;
            }
            try {
                receipts.receipt(new JsonObject(m.payload()).getString("detail"), at);
            } catch (DecodeException e) {
                receipts.unreadable();
            }
        }

        /** Completes when the gateway has said it is online (the bridge connected). */
        Future<Void> online() {
            return online.future();
        }

        /** Empties, retained, every non-event topic seen (the broker is shared); the returned count are PUBACKed when done. */
        List<Future<Integer>> clearRetained() {
            client.publishCompletionHandler(id -> acked.incrementAndGet());
            return retained.stream().map(t -> client.publish(t, Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, false, true)).toList();
        }

        int acked() {
            return acked.get();
        }

        Future<Void> close() {
            return client.isConnected() ? client.disconnect() : Future.succeededFuture();
        }
    }

    /**
     * A webhook endpoint that answers 200 as soon as the body is in, then checks {@code Warden-Signature}
     * ({@code t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}) as a receiver should; bad ones are counted.
     */
    static final class WebhookReceiver {
        private final byte[] secret;
        private final EventReceipts receipts;
        private final LongAdder badSignatures = new LongAdder();
        private final ThreadLocal<Mac> macs;
        private HttpServer server;

        WebhookReceiver(String secret, EventReceipts receipts) {
            this.secret = secret.getBytes(StandardCharsets.UTF_8);
            this.receipts = receipts;
            this.macs = ThreadLocal.withInitial(() -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
                    return mac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        /** Listens on a free loopback port, which the future names. */
        Future<Integer> listen(Vertx vertx) {
            server = vertx.createHttpServer().requestHandler(this::handle);
            return server.listen(0, "127.0.0.1").map(HttpServer::actualPort);
        }

        private void handle(HttpServerRequest req) {
            req.body().onSuccess(body -> {
                long at = EventReceipts.now();
                req.response().setStatusCode(200).end();
                if (!signed(req.getHeader("Warden-Signature"), body)) badSignatures.increment();
                try {
                    receipts.receipt(new JsonObject(body).getString("detail"), at);
                } catch (DecodeException e) {
                    receipts.unreadable();
                }
            });
        }

        private boolean signed(String header, Buffer body) {
            if (header == null) return false;
            String t = null;
            String v1 = null;
            for (String part : header.split(",")) {
                if (part.startsWith("t=")) t = part.substring(2);
                else if (part.startsWith("v1=")) v1 = part.substring(3);
            }
            if (t == null || v1 == null) return false;
            Mac mac = macs.get();
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            String expected = HexFormat.of().formatHex(mac.doFinal(body.getBytes()));
            return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII));
        }

        long badSignatures() {
            return badSignatures.sum();
        }

        Future<Void> close() {
            return server == null ? Future.succeededFuture() : server.close();
        }
    }
}
