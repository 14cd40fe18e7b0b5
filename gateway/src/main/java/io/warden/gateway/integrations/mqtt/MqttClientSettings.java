package io.warden.gateway.integrations.mqtt;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClientOptions;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.integrations.IntegrationContext;
import java.util.Optional;

/**
 * The client options of the bridge's every connection: clean session (a command queued while Warden was away is
 * never carried out late), QoS 1 last will {@code <base>/available = offline} retained, TLS with hostname
 * verification, credentials from the secrets. Never log the options: they hold the password.
 */
final class MqttClientSettings {
    static final int KEEP_ALIVE_SECONDS = 15;
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /** Inbound messages are door commands: a few bytes. A bigger one is refused by the decoder. */
    static final int MAX_INBOUND_BYTES = 64 * 1024;

    private MqttClientSettings() {}

    /** The client id when the config names none: {@code warden-<node>}, or {@code warden-gateway} on a single node. */
    static String clientId(IntegrationContext ctx) {
        String configured = ctx.config().mqtt().clientId();
        return configured != null ? configured : "warden-" + (ctx.node() == null ? "gateway" : ctx.node());
    }

    /**
     * The options, reading the CA file off the event loop. Fails naming what is wrong (the CA file, an undefined
     * password secret; never a value).
     */
    static Future<MqttClientOptions> build(IntegrationContext ctx, Topics topics) {
        IntegrationsConfig.Mqtt c = ctx.config().mqtt();
        MqttClientOptions o = new MqttClientOptions();
        o.setClientId(clientId(ctx)).setCleanSession(true)
                .setWillFlag(true).setWillTopic(topics.available()).setWillMessageBytes(Buffer.buffer(Topics.OFFLINE))
                .setWillQoS(1).setWillRetain(true)
                .setMaxInflightQueue(MqttSession.WINDOW).setKeepAliveInterval(KEEP_ALIVE_SECONDS).setAutoKeepAlive(true)
                .setMaxMessageSize(MAX_INBOUND_BYTES);
        o.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        if (c.username() != null) {
            o.setUsername(c.username());
            if (c.passwordSecret() != null) {
                Optional<String> password = ctx.secrets().secret(c.passwordSecret());
                if (password.isEmpty()) {
                    return Future.failedFuture("integrations.mqtt.passwordSecret: secret '" + c.passwordSecret() + "' is not defined");
                }
                o.setPassword(password.get());
            }
        }
        if (!c.tls()) return Future.succeededFuture(o);
        o.setSsl(true).setHostnameVerificationAlgorithm("HTTPS");
        if (c.caFile() == null) return Future.succeededFuture(o); // the JVM's trust store
        return ctx.vertx().fileSystem().readFile(c.caFile())
                .recover(err -> Future.failedFuture("integrations.mqtt.caFile: cannot read " + c.caFile() + " (" + err.getClass().getSimpleName() + ")"))
                .map(pem -> {
                    o.setTrustOptions(new PemTrustOptions().addCertValue(pem));
                    return o;
                });
    }
}
