package io.warden.gateway;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.door.DurableJsonFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes down how the last run ended. A running node keeps the file {@value #FILE} in the data
 * directory, naming the audit seq of its start ({@code config.loaded}); a clean stop writes a
 * {@code gateway.stop} record and then removes the file. Found at start while the trail does not end
 * with {@code gateway.stop}, the file means the previous run died (kill -9, power cut, out of memory):
 * one {@code gateway.unclean_shutdown} record, then for every command that run left {@code requested}
 * without an answer a record of the same type with result {@code unknown} naming the requested
 * record's seq. The file (not the trail alone) decides, so a trail written before this existed does not
 * read as a crash.
 */
final class RunMarker {
    private static final Logger log = LoggerFactory.getLogger(RunMarker.class);
    static final String FILE = "gateway.running";
    /** Record types whose {@code requested} record waits for an answer. */
    private static final List<String> COMMAND_TYPES = List.of("door.command", "lockdown.started");
    private static final Set<String> ANSWERS = Set.of("confirmed", "failed", "unknown");

    /** What the marker holds: where this run's records begin. */
    public record Run(long startSeq, Instant startedAt) {}

    private final Vertx vertx;
    private final DurableJsonFile<Run> file;
    private final AuditStore audit;
    private final Clock clock;

    RunMarker(Vertx vertx, Path dataDir, AuditStore audit, Clock clock) {
        this.vertx = vertx;
        this.file = new DurableJsonFile<>(vertx, dataDir.resolve(FILE), Run[].class);
        this.audit = audit;
        this.clock = clock;
    }

    /** If the previous run died, write it down (see the class comment). Before this run writes anything. */
    Future<Void> recordUncleanShutdown() {
        return file.load().recover(e -> unreadable(e).map(x -> List.<Run>of()))
                .compose(runs -> runs.isEmpty() ? Future.succeededFuture() : lastRecord().compose(last -> record(runs.get(0), last)));
    }

    private Future<Void> record(Run run, AuditRecord last) {
        if (last != null && "gateway.stop".equals(last.entry().type())) return Future.succeededFuture(); // only the file's removal was lost
        return openCommands(run.startSeq()).compose(open -> {
            String detail = ("the run started at %s (audit seq %d) ended without a clean stop (crash, kill -9 or power cut); its last record"
                    + " is seq %s%s; %d command(s) it left without an answer are closed as unknown").formatted(run.startedAt(), run.startSeq(),
                    last == null ? "-" : last.seq(), last == null ? "" : " at " + last.entry().time(), open.size());
            log.warn("event=unclean_shutdown started_seq={} last_seq={} open_commands={}", run.startSeq(), last == null ? 0 : last.seq(), open.size());
            Future<AuditRecord> written = audit.append(new AuditEntry(clock.instant(), "gateway.unclean_shutdown", "system", null, null,
                    null, null, null, null, "start", "failed", detail));
            for (AuditRecord r : open) written = written.compose(x -> audit.append(unknown(r)));
            return written.mapEmpty();
        });
    }

    /** A marker that cannot be read (it is written atomically, so this is damage): a crash it may hide is said, not checked. */
    private Future<Void> unreadable(Throwable e) {
        log.warn("event=run_marker_unreadable file={} error=\"{}\"", file.path(), e.getMessage());
        return audit.append(new AuditEntry(clock.instant(), "gateway.unclean_shutdown", "system", null, null, null, null, null, null,
                "start", "failed", "the run marker " + file.path().getFileName() + " is unreadable (" + e.getMessage()
                + "): the previous run may not have stopped cleanly; commands it left in flight were not checked")).mapEmpty();
    }

    /** This run has begun: {@code start} is its first record. Durable before it completes. */
    Future<Void> started(AuditRecord start) {
        return file.save(() -> List.of(new Run(start.seq(), start.entry().time())));
    }

    /** A clean stop: the {@code gateway.stop} record. Call {@link #remove()} once the trail is closed. */
    Future<AuditRecord> stopping(String detail) {
        return audit.append(new AuditEntry(clock.instant(), "gateway.stop", "system", null, null, null, null, null, null, "stop", "ok", detail));
    }

    Future<Void> remove() {
        return vertx.executeBlocking(() -> Files.deleteIfExists(file.path())).mapEmpty();
    }

    private AuditEntry unknown(AuditRecord requested) {
        AuditEntry e = requested.entry();
        return new AuditEntry(clock.instant(), e.type(), e.actor(), e.source(), e.site(), e.zone(), e.door(), e.camera(), e.credential(),
                e.action(), "unknown", "outcome unknown: the gateway stopped uncleanly before the answer was recorded (requested record seq "
                + requested.seq() + "); check the door");
    }

    private Future<AuditRecord> lastRecord() {
        return audit.lastSeq().compose(last -> last == 0 ? Future.succeededFuture(null)
                : audit.query(AuditQuery.all(1).after(last - 1)).map(p -> p.items().isEmpty() ? null : p.items().get(0)));
    }

    /** Requested records after {@code afterSeq} that no later record of the same command answered, oldest first. */
    private Future<List<AuditRecord>> openCommands(long afterSeq) {
        Map<List<String>, Deque<AuditRecord>> open = new HashMap<>();
        Future<Void> scanned = Future.succeededFuture();
        for (String type : COMMAND_TYPES) {
            AuditQuery q = new AuditQuery(null, null, null, null, null, null, null, type, null, AuditQuery.MAX_LIMIT, afterSeq);
            scanned = scanned.compose(x -> scan(q, open));
        }
        return scanned.map(x -> open.values().stream().flatMap(Deque::stream).sorted(Comparator.comparingLong(AuditRecord::seq)).toList());
    }

    /** Pairs each answer with the oldest open request of the same command (type, door, actor, source, action). */
    private Future<Void> scan(AuditQuery q, Map<List<String>, Deque<AuditRecord>> open) {
        return audit.query(q).compose(page -> {
            for (AuditRecord r : page.items()) {
                AuditEntry e = r.entry();
                List<String> key = new ArrayList<>();
                for (String part : new String[] {e.type(), e.door(), e.actor(), e.source(), e.action()}) key.add(Objects.toString(part, ""));
                if ("requested".equals(e.result())) open.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(r);
                else if (ANSWERS.contains(e.result()) && open.containsKey(key)) open.get(key).pollFirst();
            }
            return page.next() == null ? Future.succeededFuture() : scan(q.after(page.next()), open);
        });
    }
}
