package io.warden.gateway.integrations.siem;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.cluster.TestPki;
import io.warden.gateway.config.IntegrationsConfig;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.integrations.Integrations;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The SIEM sink against collectors in the test, over the real transports on loopback. */
@Timeout(90)
class SiemSinkTest {
    @TempDir
    static Path pkiDir;
    private static TestPki pki;
    private static Path[] collectorCert;
    private static TestPki otherPki;

    private Vertx vertx;
    private SiemSinkDriver driver;
    private final InMemoryAuditStore audit = new InMemoryAuditStore();

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(pkiDir, "siem");
        collectorCert = pki.node("collector");
        otherPki = TestPki.create(pkiDir, "other");
    }

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
        driver = new SiemSinkDriver(vertx, audit);
    }

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void tcpMessagesAreOctetCountedRfc5424WithTheRecordInKv() {
        try (SyslogTestCollector collector = SyslogTestCollector.tcp(vertx)) {
            SiemSink sink = start(siem("tcp", collector.port(), "kv", null, List.of(), 100));
            offer(sink, record(1, "door.forced", "forced open"));
            offer(sink, record(2, "door.command", "pulse by ops"));
            until(() -> collector.messages().size() == 2, "two messages at the collector");

            assertThat(collector.problems()).isEmpty();
            SyslogTestCollector.Message forced = collector.messages().get(0);
            assertThat(forced.pri()).isEqualTo(10 * 8 + 2); // authpriv.crit
            assertThat(forced.appName()).isEqualTo("warden");
            assertThat(forced.msgId()).isEqualTo("door.forced");
            assertThat(forced.sd()).isEqualTo("-");
            assertThat(forced.timestamp()).isEqualTo("2025-03-04T10:02:00.123456Z");
            assertThat(forced.msg()).startsWith("seq=1 time=\"2025-03-04T10:02:00.123456Z\" type=\"door.forced\" severity=\"high\"")
                    .contains(" door=\"d1\"", " detail=\"forced open\"", " hash=\"h1\"");
            assertThat(collector.messages().get(1).pri()).isEqualTo(10 * 8 + 5); // authpriv.notice
            until(() -> status(sink).delivered() == 2 && status(sink).connected(), "two delivered in the status");
        }
    }

    @Test
    void hostileValuesStayInsideTheirFieldAndTheirMessage() {
        try (SyslogTestCollector collector = SyslogTestCollector.tcp(vertx)) {
            SiemSink kv = start(siem("tcp", collector.port(), "kv", null, List.of(), 100));
            offer(kv, record(7, "door.command", "a\"b c=d|e\\f\ng\r\nseq=99 Zoë \u202Eevil"));
            until(() -> collector.messages().size() == 1, "one message for one record");
            SyslogTestCollector.Message m = collector.messages().get(0);
            assertThat(m.msg()).endsWith(" detail=\"a\\\"b c=d|e\\\\f\\ng\\r\\nseq=99 Zoë \\u202eevil\" hash=\"h7\"");
            assertThat(m.bom()).as("non-ASCII text is marked UTF-8 with a BOM (RFC 5424 6.4)").isTrue();
            assertThat(collector.seqs()).containsExactly(7L);
        }
    }

    @Test
    void tlsVerifiesTheCollectorAgainstTheCaFileAndDeliversInCef() throws Exception {
        try (SyslogTestCollector collector = SyslogTestCollector.tls(vertx, collectorCert)) {
            SiemSink sink = start(siem("tls", collector.port(), "cef", pki.caPem().toString(), List.of(), 100));
            offer(sink, record(3, "lockdown.started", "drill | not=real"));
            until(() -> collector.messages().size() == 1, "the message over TLS");
            assertThat(collector.problems()).isEmpty();
            assertThat(collector.messages().get(0).msg())
                    .startsWith("CEF:0|Warden|Warden Gateway|dev|lockdown.started|lockdown started|8|rt=1741082520123 externalId=3 ")
                    .endsWith(" msg=drill | not\\=real");
        }
    }

    @Test
    void tlsRefusesACollectorWithTheWrongNameOrAnUntrustedCa() throws Exception {
        try (SyslogTestCollector collector = SyslogTestCollector.tls(vertx, collectorCert)) {
            // the certificate names 127.0.0.1 only
            SiemSink wrongName = start(siemAt("localhost", "tls", collector.port(), "kv", pki.caPem().toString(), 100));
            SiemSink untrusted = start(siem("tls", collector.port(), "kv", otherPki.caPem().toString(), List.of(), 100));
            offer(wrongName, record(1, "door.forced", null));
            offer(untrusted, record(1, "door.forced", null));
            until(() -> status(wrongName).lastError() != null && status(untrusted).lastError() != null, "both handshakes refused");
            assertThat(status(wrongName).connected()).isFalse();
            assertThat(status(untrusted).connected()).isFalse();
            assertThat(status(wrongName).queued()).isEqualTo(1);
            assertThat(status(wrongName).lastError()).contains("localhost");
            assertThat(status(untrusted).lastError()).containsIgnoringCase("certification path");
            assertThat(collector.messages()).isEmpty();
        }
    }

    @Test
    void udpSendsOneDatagramPerRecordAndFiltersByType() {
        try (SyslogTestCollector collector = SyslogTestCollector.udp(vertx)) {
            SiemSink sink = start(siem("udp", collector.port(), "cef", null, List.of("door.", "lockdown."), 100));
            offer(sink, record(1, "audit.query", null));
            offer(sink, record(2, "door.forced", "line1\nline2"));
            offer(sink, record(3, "lockdown.released", null));
            until(() -> collector.messages().size() == 2, "the two door/lockdown records");
            assertThat(collector.seqs()).containsExactly(2L, 3L);
            assertThat(collector.messages().get(0).msg()).endsWith(" msg=line1\\nline2");
            assertThat(status(sink).delivered()).isEqualTo(2);
        }
    }

    @Test
    void aSinkStoppedWhileItLooksUpItsHostnameNeverSends() throws Exception {
        try (SyslogTestCollector collector = SyslogTestCollector.udp(vertx)) {
            SiemSink sink = new SiemSink(driver.context(), siem("udp", collector.port(), "kv", null, List.of(), 100));
            onContext(() -> { // one turn of the context: the hostname lookup (a worker) cannot have finished
                Future<Void> started = sink.start();
                sink.offer(record(1, "door.forced", null));
                return started.compose(v -> sink.stop());
            });
            Thread.sleep(1000); // the lookup ends meanwhile; a datagram would arrive within this on loopback
            assertThat(collector.messages()).isEmpty();
        }
    }

    @Test
    void aCollectorRestartedMidStreamLosesNothingWithinTheBuffer() {
        SyslogTestCollector collector = SyslogTestCollector.tcp(vertx);
        try {
            SiemSink sink = start(siem("tcp", collector.port(), "kv", null, List.of(), 1000));
            for (long s = 1; s <= 20; s++) offer(sink, record(s, "door.opened", null));
            until(() -> collector.messages().size() == 20, "the first 20");
            collector.close();
            until(() -> !status(sink).connected(), "the sink sees the collector gone");
            for (long s = 21; s <= 40; s++) offer(sink, record(s, "door.opened", null));
            assertThat(status(sink).queued()).isEqualTo(20);
            collector.open(collector.port());
            for (long s = 41; s <= 60; s++) offer(sink, record(s, "door.opened", null));
            until(() -> collector.seqs().size() >= 60, "all 60 after the restart");
            assertThat(collector.seqs()).containsExactlyElementsOf(LongStream.rangeClosed(1, 60).boxed().toList());
            assertThat(collector.problems()).isEmpty();
            assertThat(status(sink).dropped()).isZero();
        } finally {
            collector.close();
        }
    }

    @Test
    void overflowWhileTheCollectorIsAwayIsCountedAndAuditedThenTheBufferArrives() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // nothing listens here until the collector opens it
        }
        IntegrationsConfig config = new IntegrationsConfig(null, null, null, List.of(siem("tcp", port, "kv", null, List.of(), 5)));
        Integrations integrations = Integrations.create(new IntegrationContext(vertx, config, null, null, audit, new SimpleMeterRegistry(),
                null, Clock.systemUTC(), null));
        EventHub hub = new EventHub();
        await(integrations.start(hub));
        for (long s = 1; s <= 20; s++) hub.publish(record(s, "door.forced", null));

        until(() -> audit.records().stream().anyMatch(r -> r.entry().type().equals("integration.dropped")), "the drop audited");
        AuditEntry dropped = audit.records().stream().filter(r -> r.entry().type().equals("integration.dropped")).findFirst().orElseThrow().entry();
        assertThat(dropped.actor()).isEqualTo("siem:soc");
        assertThat(dropped.detail()).startsWith("15 events not delivered to siem:soc (its buffer of 5 was full; not connected").contains("seq 6..20");
        IntegrationSink.SinkStatus s = integrations.status().toCompletionStage().toCompletableFuture().get().get(0);
        assertThat(s.dropped()).isEqualTo(15);
        assertThat(s.queued()).isEqualTo(5);

        try (SyslogTestCollector collector = SyslogTestCollector.tcpOn(vertx, port)) {
            until(() -> collector.seqs().size() >= 5, "the buffered five once the collector is up");
            assertThat(collector.seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
        } finally {
            await(integrations.stop());
        }
    }

    private SiemSink start(IntegrationsConfig.Siem config) {
        return driver.start(config, null);
    }

    private void offer(SiemSink sink, AuditRecord r) {
        driver.offer(sink, r);
    }

    private IntegrationSink.SinkStatus status(SiemSink sink) {
        return driver.status(sink);
    }

    private <T> T onContext(Supplier<Future<T>> work) {
        return driver.onContext(work);
    }

    private static IntegrationsConfig.Siem siem(String protocol, int port, String format, String caFile, List<String> events, int buffer) {
        return new IntegrationsConfig.Siem("soc", "127.0.0.1", port, protocol, format, caFile, events, buffer);
    }

    private static IntegrationsConfig.Siem siemAt(String host, String protocol, int port, String format, String caFile, int buffer) {
        return new IntegrationsConfig.Siem("soc", host, port, protocol, format, caFile, List.of(), buffer);
    }

    static AuditRecord record(long seq, String type, String detail) {
        return new AuditRecord(seq, new AuditEntry(Instant.parse("2025-03-04T10:02:00.123456789Z"), type, "ctl-1", null, "north", "main",
                "d1", null, null, "pulse", type.equals("door.command") ? "confirmed" : null, detail), "h" + seq);
    }
}
