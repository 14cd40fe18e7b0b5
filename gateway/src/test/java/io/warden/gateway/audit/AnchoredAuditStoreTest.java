package io.warden.gateway.audit;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Vertx;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.events.EventHub;
import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tamper evidence against someone holding the database file: signed checkpoints kept outside it. */
@Timeout(60)
class AnchoredAuditStoreTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @TempDir
    Path dir;
    private AuditTrailFiles files;
    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        files = new AuditTrailFiles(dir);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private AnchoredAuditStore open(int everyRecords) {
        return files.open(vertx, everyRecords, HOUR, null, r -> { });
    }

    /** Why a start over the files is refused. */
    private Throwable refusedStart(int everyRecords) {
        return awaitFailure(files.start(vertx, everyRecords, HOUR, null, r -> { }));
    }

    @Test
    void aRowRewrittenWithTheChainRecomputedPassesTheChainButNotTheCheckpoints() throws Exception {
        AnchoredAuditStore store = open(10);
        files.fillInSteps(store, 30, 10);
        await(store.close());
        List<AuditCheckpoint> signed = files.read().checkpoints();
        assertThat(signed).as("every 10 records").hasSizeGreaterThanOrEqualTo(3).first()
                .satisfies(cp -> assertThat(cp.seq()).isEqualTo(10));

        AuditTrailFiles.rewriteAndRechain(files.db, 5);

        assertThat(SqliteAuditStore.verifyFile(files.db, List.of()).ok()).as("the chain alone is fooled").isTrue();
        AuditVerification v = files.verifyOffline(files.db);
        assertThat(v.ok()).isFalse();
        assertThat(v.breaks()).as("each checkpoint after the edit names its record")
                .extracting(AuditBreak::seq, AuditBreak::kind)
                .containsExactlyElementsOf(signed.stream().map(cp -> tuple(cp.seq(), AuditBreak.Kind.CHECKPOINT)).toList());
        assertThat(v.firstBrokenSeq()).isEqualTo(signed.get(0).seq());
        assertThat(refusedStart(10)).isInstanceOf(WardenException.class).hasMessageContaining("the trail was rewritten");
    }

    @Test
    void deletingTheNewest100RowsIsATruncationAndStartRefusesToReuseTheirSeqs() throws Exception {
        AnchoredAuditStore store = open(1000);
        AuditTrailFiles.fill(store, 250);
        await(store.close());
        assertThat(files.read().checkpoints()).as("one checkpoint, at close").singleElement()
                .satisfies(cp -> assertThat(List.of(cp.seq(), cp.count())).containsExactly(250L, 250L));
        assertThat(AuditCheckpointFile.publicKeyFile(files.checkpoints)).exists();
        assertThat(Files.getPosixFilePermissions(files.key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        AuditTrailFiles.delete(files.db, "seq > 150");

        assertThat(SqliteAuditStore.verifyFile(files.db, List.of()).ok()).as("the chain alone is fooled").isTrue();
        AuditVerification v = files.verifyOffline(files.db);
        assertThat(v.breaks()).extracting(AuditBreak::seq, AuditBreak::kind).containsExactly(tuple(151L, AuditBreak.Kind.TRUNCATED));
        assertThat(v.breaks().get(0).detail()).contains("ends at seq 150").contains("signed seq 250").contains("100 records");
        assertThat(refusedStart(1000)).isInstanceOf(WardenException.class)
                .hasMessageContaining("ends at seq 150").hasMessageContaining("will not reuse their seqs");
        assertThat(AuditTrailFiles.maxSeq(files.db)).as("nothing was appended").isEqualTo(150);
    }

    @Test
    void everyBreakIsListedNotOnlyTheFirst() throws Exception {
        AnchoredAuditStore store = open(10);
        files.fillInSteps(store, 40, 10);
        await(store.close());
        long last = AuditTrailFiles.maxSeq(files.db);
        List<String> lines = Files.readAllLines(files.checkpoints);
        AuditCheckpoint first = AuditCheckpoint.parse(lines.get(0));
        lines.set(0, lines.get(0).replace("\"count\":" + first.count(), "\"count\":" + (first.count() + 1)));
        Files.write(files.checkpoints, lines);

        AuditTrailFiles.edit(files.db, 3);
        AuditTrailFiles.edit(files.db, 17);
        AuditTrailFiles.delete(files.db, "seq = 25");
        AuditTrailFiles.delete(files.db, "seq > " + (last - 2));

        AuditVerification v = files.verifyOffline(files.db);
        assertThat(v.breaks()).extracting(AuditBreak::seq, AuditBreak::kind).containsExactly(
                tuple(3L, AuditBreak.Kind.HASH), tuple(first.seq(), AuditBreak.Kind.SIGNATURE), tuple(17L, AuditBreak.Kind.HASH),
                tuple(25L, AuditBreak.Kind.MISSING), tuple(last - 1, AuditBreak.Kind.TRUNCATED));
        assertThat(v.firstBrokenSeq()).isEqualTo(3);
    }

    @Test
    void anEditedOrForeignCheckpointLineFailsItsSignatureAndTheLiveVerifyReportsIt() throws Exception {
        AnchoredAuditStore store = open(10);
        AuditTrailFiles.fill(store, 20);
        await(store.close());
        List<String> lines = new ArrayList<>(Files.readAllLines(files.checkpoints));
        AuditCheckpoint cp = AuditCheckpoint.parse(lines.get(0));
        String forgedHash = "f".repeat(64);
        lines.set(0, lines.get(0).replace(cp.hash(), forgedHash));
        lines.add("{\"seq\": \"not a checkpoint\"}");
        AuditSigningKey other = AuditSigningKey.loadOrCreate(dir.resolve("other.key"));
        lines.add(other.sign(new AuditCheckpoint(cp.seq(), forgedHash, cp.count(), Instant.now(), null)).toLine());
        Files.write(files.checkpoints, lines);

        AnchoredAuditStore reopened = open(10);
        AuditVerification v = await(reopened.verify());
        await(reopened.close());
        assertThat(v.ok()).isFalse();
        assertThat(v.breaks()).extracting(AuditBreak::seq, AuditBreak::kind).containsExactly(
                tuple(0L, AuditBreak.Kind.SIGNATURE), tuple(cp.seq(), AuditBreak.Kind.SIGNATURE), tuple(cp.seq(), AuditBreak.Kind.SIGNATURE));
        assertThat(v.breaks()).allSatisfy(b -> assertThat(b.detail()).contains(files.checkpoints.getFileName() + " line "));
    }

    @Test
    void eachCheckpointGoesToTheEventStreamAndToSyslogOverUdp() throws Exception {
        EventHub hub = new EventHub();
        ConcurrentLinkedQueue<AuditRecord> seen = new ConcurrentLinkedQueue<>();
        hub.subscribe(r -> r.entry().type().equals(AuditCheckpoint.EVENT_TYPE), seen::add);
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(10_000);
            SyslogSender syslog = new SyslogSender("127.0.0.1", collector.getLocalPort(), SyslogSender.Protocol.UDP);
            AnchoredAuditStore store = files.open(vertx, 5, HOUR, syslog, hub::publish);
            AuditTrailFiles.fill(store, 5);
            until(() -> !seen.isEmpty(), "a checkpoint record on the hub");

            AuditCheckpoint signed = files.read().last();
            AuditRecord event = seen.peek();
            assertThat(signed.seq()).isEqualTo(5);
            assertThat(event.seq()).isEqualTo(6);
            assertThat(event.entry().actor()).isEqualTo("system");
            assertThat(event.entry().detail()).isEqualTo(signed.describe());
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            collector.receive(p);
            String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertThat(msg).matches("<85>1 \\S+ \\S+ warden - audit\\.checkpoint - .*").endsWith(signed.describe());
            await(store.close());
        }
    }

    @Test
    void aQuietTrailIsCheckpointedAfterTheIntervalAndSentToSyslogOverTcp() throws Exception {
        try (ServerSocket collector = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            collector.setSoTimeout(10_000);
            SyslogSender syslog = new SyslogSender("127.0.0.1", collector.getLocalPort(), SyslogSender.Protocol.TCP);
            AnchoredAuditStore store = files.open(vertx, 1000, Duration.ofSeconds(1), syslog, r -> { });
            AuditTrailFiles.fill(store, 3);
            try (Socket s = collector.accept()) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                StringBuilder len = new StringBuilder();
                for (int c = in.read(); c != ' '; c = in.read()) len.append((char) c);
                byte[] msg = new byte[Integer.parseInt(len.toString())];
                in.readFully(msg);
                assertThat(new String(msg, StandardCharsets.UTF_8)).startsWith("<85>1 ").contains(" audit.checkpoint - seq=3 ");
            }
            assertThat(store.chainState().getString("state")).isEqualTo("ok");
            until(() -> Long.valueOf(3).equals(store.chainState().getLong("checkpointSeq")), "the checkpoint in health");
            await(store.close());
        }
    }

    @Test
    void aDeletedCheckpointFileStopsTheStartWhenTheKeyExists() throws Exception {
        AnchoredAuditStore store = open(10);
        AuditTrailFiles.fill(store, 3);
        await(store.close());
        Files.delete(files.checkpoints);
        assertThat(refusedStart(10)).isInstanceOf(WardenException.class)
                .hasMessageContaining("checkpoint file").hasMessageContaining("is missing");
    }

    @Test
    void aCheckpointFileThatCannotBeWrittenShowsInTheChainStateAndTheTrailGoesOn() throws Exception {
        AnchoredAuditStore store = open(3);
        Files.delete(files.checkpoints);
        Files.createDirectory(files.checkpoints); // appending to it fails
        AuditTrailFiles.fill(store, 3);
        until(() -> "checkpoint-failed".equals(store.chainState().getString("state")), "a failed checkpoint");
        assertThat(store.chainState().getString("error")).contains(files.checkpoints.getFileName().toString());
        assertThat(store.chainState().getLong("sinceCheckpoint")).isEqualTo(3);
        assertThat(await(store.append(AuditStoreContract.entry(4))).seq()).as("records are still taken").isEqualTo(4);
        await(store.close());
    }
}
