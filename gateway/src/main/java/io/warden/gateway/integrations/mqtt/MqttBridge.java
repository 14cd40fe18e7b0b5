package io.warden.gateway.integrations.mqtt;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.integrations.Outbox;
import io.warden.gateway.integrations.ReconnectBackoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT bridge ({@link Topics} is the layout): every event to {@code <base>/events/<type>}, door states,
 * lockdowns and availability retained, Home Assistant discovery and commands when configured. QoS 1 throughout.
 *
 * <p>Each (re)connect publishes {@code available = online}, the discovery, and the whole retained picture (the
 * broker may have restarted without its store), then subscribes to the door commands; after that a timer
 * publishes what changed ({@link MqttRetainedState}). Events wait in the bounded {@link Outbox} while the broker
 * is away and go out in seq order once it is back ({@link MqttSession}: at least once). Connection attempts back
 * off from {@link #FIRST_RETRY} to {@link #MAX_RETRY}; an outage is logged once when it starts and once when it
 * ends.
 *
 * <p>Threads: everything runs on the integrations' context (the client's handlers too: it connects from there).
 */
public final class MqttBridge implements IntegrationSink {
    private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);
    static final Duration STATE_EVERY = Duration.ofMillis(250);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    /** How long a stop waits to tell the broker {@code offline} before it lets go of the connection. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** A connection up this long ends an outage: the back-off starts again from {@link #FIRST_RETRY}. */
    static final Duration STABLE_AFTER = Duration.ofSeconds(10);

    private final IntegrationContext ctx;
    private final IntegrationsConfig.Mqtt config;
    private final Topics topics;
    private final Outbox outbox;
    private final MqttRetainedState state;
    /** Null when Home Assistant is not configured. */
    private final HomeAssistant homeAssistant;
    private final ReconnectBackoff backoff = new ReconnectBackoff(FIRST_RETRY, MAX_RETRY, STABLE_AFTER);
    private final String broker;
    private MqttClientOptions options;
    /** The current connection (or attempt), and its session once connected; null while none. */
    private MqttClient client;
    private MqttSession session;
    private long stateTimer = -1;
    private long retryTimer = -1;
    private boolean stopped;
    private long delivered;
    private String lastError;
    /** What went wrong on the current connection before it closed. */
    private String connectionError;

    public MqttBridge(IntegrationContext ctx) {
        this.ctx = ctx;
        this.config = ctx.config().mqtt();
        this.topics = new Topics(config.baseTopic());
        this.outbox = new Outbox(config.buffer());
        this.state = new MqttRetainedState(topics, ctx.doors(), ctx.devices());
        this.homeAssistant = config.homeAssistant() == null ? null : new HomeAssistant(ctx, config.homeAssistant(), topics);
        this.broker = config.host() + ":" + config.port();
    }

    @Override
    public String id() {
        return "mqtt";
    }

    @Override
    public Future<Void> start() {
        stateTimer = ctx.vertx().setPeriodic(STATE_EVERY.toMillis(), t -> publishStateChanges());
        MqttClientSettings.build(ctx, topics).onComplete(ar -> {
            if (stopped) return;
            if (ar.failed()) { // a configuration problem the validator should have caught: say so, never retry blindly
                lastError = ar.cause().getMessage();
                log.error("event=mqtt_not_started broker={} error=\"{}\"", broker, lastError);
                return;
            }
            options = ar.result();
            connect();
        });
        return Future.succeededFuture();
    }

    private void connect() {
        retryTimer = -1;
        if (stopped) return;
        MqttClient c = MqttClient.create(ctx.vertx(), options);
        client = c;
        c.connect(config.port(), config.host()).onComplete(ar -> {
            if (stopped || c != client) {
                if (ar.succeeded()) c.disconnect();
                return;
            }
            if (ar.succeeded()) connected(c);
            else lost(c, ar.cause());
        });
    }

    private void connected(MqttClient c) {
        if (backoff.failures() > 0) log.info("event=mqtt_connected broker={} client_id={} after_attempts={}", broker, c.clientId(), backoff.failures());
        else log.info("event=mqtt_connected broker={} client_id={}", broker, c.clientId());
        backoff.connected();
        connectionError = null;
        lastError = null;
        session = new MqttSession(c, outbox, topics, new MqttSession.Listener() {
            @Override
            public void delivered(AuditRecord r) {
                MqttBridge.this.delivered++;
            }

            @Override
            public void broken(Throwable cause) {
                lost(c, cause);
                c.disconnect(); // the closeHandler below is then a no-op: this client is no longer current
            }
        });
        MqttSession s = session;
        c.publishCompletionHandler(s::puback);
        c.closeHandler(v -> lost(c, null));
        c.exceptionHandler(err -> connectionError = describe(err));
        c.publishHandler(this::inbound);

        s.publishRetained(topics.available(), Buffer.buffer(Topics.ONLINE));
        if (homeAssistant != null) {
            for (HomeAssistant.Discovery d : homeAssistant.discovery()) {
                s.publishRetained(d.topic(), d.payload() == null || d.payload().isEmpty() ? Buffer.buffer() : d.payload().toBuffer());
            }
        }
        state.reset();
        publishStateChanges();
        if (homeAssistant != null && config.homeAssistant().commands() != null) {
            c.subscribe(topics.doorCommands(), MqttQoS.AT_LEAST_ONCE.value())
                    .onFailure(err -> log.warn("event=mqtt_subscribe_failed broker={} topic={} error=\"{}\"", broker, topics.doorCommands(), describe(err)));
        }
        s.pump();
    }

    /** The connection (or the attempt) {@code c} ended; {@code cause} null for a plain close. Retries with back-off. */
    private void lost(MqttClient c, Throwable cause) {
        if (c != client) return;
        client = null;
        if (session != null) {
            session.close();
            session = null;
        }
        if (stopped) return;
        lastError = cause != null ? describe(cause) : connectionError != null ? connectionError : "connection closed";
        Duration wait = backoff.next();
        if (backoff.failures() == 1) { // this outage's first failure
            log.warn("event=mqtt_unavailable broker={} error=\"{}\" retry_in_ms={} queued={}", broker, lastError, wait.toMillis(), queued());
        } else {
            log.debug("event=mqtt_retry broker={} error=\"{}\" retry_in_ms={}", broker, lastError, wait.toMillis());
        }
        retryTimer = ctx.vertx().setTimer(wait.toMillis(), t -> connect());
    }

    private void publishStateChanges() {
        if (session == null) return;
        state.changes(state.snapshot()).forEach((topic, payload) -> session.publishRetained(topic, Buffer.buffer(payload)));
        session.pump();
    }

    /** A message on the command subscription: Home Assistant's to judge, execute or refuse, and audit. */
    private void inbound(MqttPublishMessage msg) {
        if (homeAssistant == null) return;
        homeAssistant.command(msg.topicName(), msg.payload().toString(StandardCharsets.UTF_8), msg.isRetain())
                .onFailure(err -> log.warn("event=mqtt_command_failed topic={} error=\"{}\"", msg.topicName(), describe(err)));
    }

    @Override
    public void offer(AuditRecord record) {
        outbox.offer(record);
        if (session != null) session.pump();
    }

    private int queued() {
        return outbox.size() + (session == null ? 0 : session.unackedEvents());
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public SinkStatus status() {
        return new SinkStatus(id(), session != null, queued(), delivered, outbox.droppedTotal(), lastError);
    }

    /** Says {@code offline} (retained) and disconnects cleanly; the broker then drops the will. Never fails. */
    @Override
    public Future<Void> stop() {
        stopped = true;
        ctx.vertx().cancelTimer(stateTimer);
        if (retryTimer != -1) ctx.vertx().cancelTimer(retryTimer);
        MqttClient c = client;
        boolean up = session != null;
        client = null;
        if (session != null) {
            session.close();
            session = null;
        }
        if (c == null || !up) return Future.succeededFuture();
        // The PUBLISH and the DISCONNECT go out on one stream, so the broker stores the offline before it closes.
        return c.publish(topics.available(), Buffer.buffer(Topics.OFFLINE), MqttQoS.AT_LEAST_ONCE, false, true)
                .compose(id -> c.disconnect())
                .timeout(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                .recover(err -> {
                    c.disconnect(); // closes the connection whether or not the broker answers
                    log.info("event=mqtt_stop_unclean broker={} error=\"{}\"", broker, describe(err));
                    return Future.succeededFuture();
                });
    }

    /** An error in words for the status and the log: the exception's class and message, never the options (they hold the password). */
    private static String describe(Throwable t) {
        if (t instanceof MqttConnectionException refused) return refusal(refused.code());
        if (t instanceof SSLException) { // Vert.x says only "Failed to create SSL connection"; the why is at the root
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            if (root != t) return "TLS handshake failed: " + describe(root);
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
    }

    /** The broker's CONNACK refusal (MQTT 3.1.1 §3.2.2.3) in words an operator can act on. */
    static String refusal(MqttConnectReturnCode code) {
        String why = switch (code) {
            case CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD -> "bad user name or password (check integrations.mqtt.username and its passwordSecret)";
            case CONNECTION_REFUSED_NOT_AUTHORIZED -> "not authorized (check integrations.mqtt.username and its passwordSecret, and the broker's ACL)";
            case CONNECTION_REFUSED_IDENTIFIER_REJECTED -> "client id rejected (check integrations.mqtt.clientId)";
            case CONNECTION_REFUSED_SERVER_UNAVAILABLE -> "server unavailable";
            case CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION -> "MQTT 3.1.1 not accepted";
            default -> code.name();
        };
        return "broker refused the connection: " + why;
    }
}
