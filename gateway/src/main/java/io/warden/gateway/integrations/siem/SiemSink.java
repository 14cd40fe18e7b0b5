package io.warden.gateway.integrations.siem;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.warden.gateway.Gateway;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.integrations.Outbox;
import io.warden.gateway.syslog.SyslogMessage;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIEM collector fed with RFC 5424 syslog ({@link SyslogMessage}: facility authpriv, APP-NAME {@code warden},
 * MSGID the event type, severity from {@link SiemSeverity}), the text in {@code kv} or {@code cef}
 * ({@link SiemFormat}), over TCP, TLS or UDP ({@link SiemTransport}). Records whose type starts with none of
 * {@code events} (when given) are left out. The HOSTNAME is this machine's, looked up once on a worker thread at
 * start; records queue until it is known.
 *
 * <p>TLS verifies the collector's certificate against {@code caFile} (else the JVM's trust store) and its name
 * against {@code host}; there is no way to turn either off.
 */
public final class SiemSink implements IntegrationSink {
    private static final Logger log = LoggerFactory.getLogger(SiemSink.class);
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int TLS_HANDSHAKE_TIMEOUT_S = 10;

    private final IntegrationContext ctx;
    private final IntegrationsConfig.Siem config;
    private final Outbox outbox;
    private final SiemFormat format;
    private final SiemTransport transport;
    private String hostname;
    private boolean stopped;
    private long delivered;
    private String lastError;

    public SiemSink(IntegrationContext ctx, IntegrationsConfig.Siem config) {
        this(ctx, config, SiemStreamTransport.STALL_LIMIT);
    }

    /** With a shorter {@code stallLimit} (TCP and TLS: see {@link SiemStreamTransport}), for tests. */
    SiemSink(IntegrationContext ctx, IntegrationsConfig.Siem config, Duration stallLimit) {
        this.ctx = ctx;
        this.config = config;
        this.outbox = new Outbox(config.buffer());
        this.format = SiemFormat.named(config.format(), Gateway.version());
        SiemTransport.Link link = new SinkLink();
        this.transport = switch (config.protocol()) {
            case "udp" -> new SiemDatagramTransport(ctx.vertx(), config.host(), config.port(), outbox, link);
            case "tcp" -> new SiemStreamTransport(ctx.vertx(), id(), config.host(), config.port(), tcpOptions(), outbox, link, stallLimit);
            case "tls" -> new SiemStreamTransport(ctx.vertx(), id(), config.host(), config.port(), tlsOptions(config), outbox, link, stallLimit);
            default -> throw new IllegalArgumentException("integrations.siem " + config.id() + ": protocol must be udp, tcp or tls, not \""
                    + config.protocol() + "\"");
        };
    }

    @Override
    public String id() {
        return "siem:" + config.id();
    }

    @Override
    public Future<Void> start() {
        ctx.vertx().executeBlocking(SyslogMessage::localHostname).onComplete(ar -> {
            hostname = ar.succeeded() ? ar.result() : "-";
            if (stopped) return; // stopped during the lookup: never open a connection (or send) after the stop
            try {
                transport.start();
            } catch (RuntimeException e) { // e.g. a CA file that cannot be read any more: say so, never a silent dead sink
                lastError = "cannot start: " + e.getMessage();
                log.error("event=siem_not_started sink={} error=\"{}\"", id(), lastError);
            }
        });
        return Future.succeededFuture();
    }

    @Override
    public void offer(AuditRecord record) {
        if (!wanted(record.entry())) return;
        outbox.offer(record);
        if (hostname != null) transport.drain();
    }

    private boolean wanted(AuditEntry e) {
        return config.events().isEmpty() || config.events().stream().anyMatch(e.type()::startsWith);
    }

    /** The record as one syslog message, framed for the transport. */
    SyslogMessage message(AuditRecord r) {
        SiemSeverity severity = SiemSeverity.of(r.entry());
        return new SyslogMessage(SyslogMessage.AUTHPRIV, severity.syslog, r.entry().time(), hostname, "warden", r.entry().type(),
                format.text(r, severity));
    }

    @Override
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public SinkStatus status() {
        return new SinkStatus(id(), transport.connected(), outbox.size() + transport.inFlight(), delivered, outbox.droppedTotal(), lastError);
    }

    @Override
    public Future<Void> stop() {
        stopped = true;
        return transport.stop();
    }

    private final class SinkLink implements SiemTransport.Link {
        @Override
        public Buffer encode(AuditRecord r) {
            try {
                SyslogMessage m = message(r);
                return Buffer.buffer("udp".equals(config.protocol()) ? m.bytes() : m.octetCounted());
            } catch (RuntimeException e) { // a record no format can express: counted and audited, never a stuck queue
                outbox.drop(r);
                failed("seq " + r.seq() + " could not be formatted: " + e);
                return null;
            }
        }

        @Override
        public void delivered(AuditRecord r) {
            delivered++;
        }

        @Override
        public void failed(String why) {
            lastError = why;
        }
    }

    private static NetClientOptions tcpOptions() {
        return new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS).setTcpKeepAlive(true);
    }

    /** RFC 5425: the collector's certificate chains to {@code caFile} (else the JVM's store) and names {@code host}. */
    private static NetClientOptions tlsOptions(IntegrationsConfig.Siem c) {
        return tcpOptions().setSsl(true).setTrustAll(false).setTrustOptions(trust(c)).setHostnameVerificationAlgorithm("HTTPS")
                .setSslHandshakeTimeout(TLS_HANDSHAKE_TIMEOUT_S).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS);
    }

    private static TrustOptions trust(IntegrationsConfig.Siem c) {
        if (c.caFile() != null) return new PemTrustOptions().addCertPath(c.caFile());
        try {
            TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jvm.init((KeyStore) null); // the JVM's default store (cacerts, or javax.net.ssl.trustStore)
            return TrustOptions.wrap(jvm);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("integrations.siem " + c.id() + ": the JVM's trust store cannot be read (" + e.getMessage() + ")");
        }
    }
}
