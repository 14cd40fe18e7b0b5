package io.warden.gateway.e2e;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.gateway.DeviceEventRecorder;
import io.warden.gateway.Gateway;
import io.warden.gateway.access.AccessControl;
import io.warden.gateway.access.AccessPolicy;
import io.warden.gateway.access.Schedule;
import io.warden.gateway.audit.AuditBacklog;
import io.warden.gateway.audit.AuditCheckpoint;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditHealth;
import io.warden.gateway.audit.AuditPage;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.audit.AuditVerification;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.config.AccessConfig;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.people.Card;
import io.warden.gateway.people.CardStatus;
import io.warden.gateway.people.Directory;
import io.warden.gateway.people.Person;
import io.warden.gateway.people.PersonKind;
import io.warden.gateway.people.PersonStatus;
import io.warden.gateway.people.PinHash;
import io.warden.gateway.testing.GatewayLine;
import io.warden.gateway.testing.Teardown;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import io.warden.sim.osdp.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One OSDP line over a socat pseudo-terminal (115200 baud, paced) with two simulated PDs, driven by
 * the OSDP adapter as the gateway builds it, the real door service, a real SQLite audit trail
 * (behind a switch that makes appends fail, as a full disk would) and {@link AccessControl} on the
 * adapter's reads: the hot path end to end, without the HTTP API.
 *
 * <pre>
 *   door            PD  zone  exterior  strike reader   needs
 *   main-entrance   1   main  yes       0      0        card
 *   library         2   main  no        0      0        card and PIN
 *
 *   group       selects          doors            schedule
 *   staff       kind staff       site lincoln     always
 *   night-crew  kind contractor  main-entrance    never
 * </pre>
 *
 * People: a teacher (PIN 2468, card 40:2001, lost card 40:2002), a suspended former teacher
 * (40:2003), a visitor whose pass expired (40:2004), a contractor (40:2005), a first responder (40:2006).
 */
final class AccessSite implements AutoCloseable {
    static final String PIN = "2468";
    static final int TEACHER = 2001;
    static final int LOST = 2002;
    static final int FORMER = 2003;
    static final int EXPIRED = 2004;
    static final int CONTRACTOR = 2005;
    static final int RESPONDER = 2006;
    private static final int BAUD = 115_200;

    final Vertx vertx = Vertx.vertx();
    private final Path dir;
    private PtyPair pty;
    private OsdpPdSimulator line;
    private SqliteAuditStore sqlite;
    final SwitchableStore audit = new SwitchableStore();
    GatewayDoorService doors;
    AuditBacklog backlog;
    private DeviceAdapter adapter;
    /** What each PD ran, in order: {@code out <output> <code>}, {@code led <colour>}, {@code buz}; {@code strike on} when an OUT left the strike energised. */
    final Map<Integer, List<String>> ran = Map.of(1, new CopyOnWriteArrayList<>(), 2, new CopyOnWriteArrayList<>());

    /** What PD {@code pd} ran from index {@code from} on, as a copy: the PD keeps adding while a test reads. */
    List<String> ranSince(int pd, int from) {
        List<String> all = List.copyOf(ran.get(pd));
        return all.subList(Math.min(from, all.size()), all.size());
    }

    private AccessSite() throws Exception {
        dir = Files.createTempDirectory("warden-access-e2e");
    }

    static AccessSite start() throws Exception {
        AccessSite s = new AccessSite();
        try {
            s.startAll();
            return s;
        } catch (Exception | AssertionError e) {
            s.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        pty = PtyPair.open(Files.createDirectories(dir.resolve("pty")));
        line = await(OsdpPdSimulator.start(vertx, new OsdpPdSimulator.Options(true, BAUD, Duration.ofMillis(50)),
                List.of(OsdpPdConfig.defaults(1), OsdpPdConfig.defaults(2))));
        await(line.serveSerial(pty.b().toString(), BAUD));
        for (int a = 1; a <= 2; a++) {
            OsdpSimulatedPd pd = line.pd(a);
            List<String> log = ran.get(a);
            pd.onCommand(c -> log.addAll(describe(pd, c)));
        }
        GatewayConfig config = ConfigLoader.parse(yaml(pty.a()), "access-e2e.yaml", Gateway.factories().keySet(), Map.of(), dir);
        sqlite = await(SqliteAuditStore.open(vertx, dir.resolve("audit.db")));
        audit.delegate = sqlite;
        GatewayLine gatewayLine = await(GatewayLine.start(vertx, config, audit));
        adapter = gatewayLine.adapter();
        DeviceEventRecorder recorder = gatewayLine.recorder();
        doors = await(GatewayDoorService.start(vertx, config.doors(), gatewayLine.local(), audit, dir.resolve("data"), Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofMillis(500), Duration.ofHours(1))));
        AccessPolicy policy = AccessPolicy.compile(access(), config.doors(), config.sites(), Map.of("never", NEVER));
        Directory directory = directory();
        backlog = new AuditBacklog(vertx, audit);
        recorder.decideReadsWith(new AccessControl(vertx, Clock.systemUTC(), policy, () -> directory, doors, backlog));
        until(() -> doors.doors(null, null).stream().allMatch(d -> d.state().online()), "both doors online");
    }

    /** Closed at every instant. */
    static final Schedule NEVER = new Schedule() {
        @Override
        public String id() {
            return "never";
        }

        @Override
        public boolean isOpen(Instant at, ZoneId zone, Directory calendar) {
            return false;
        }

        @Override
        public Optional<Instant> nextChange(Instant after, ZoneId zone, Directory calendar) {
            return Optional.empty();
        }
    };

    private static AccessConfig access() {
        return new AccessConfig(3, List.of(), List.of(
                new AccessConfig.Group("staff", null, List.of("staff"), List.of(), List.of(), List.of(), List.of(), List.of("lincoln"), "always"),
                new AccessConfig.Group("night-crew", null, List.of("contractor"), List.of(), List.of(), List.of("main-entrance"), List.of(),
                        List.of(), "never")),
                List.of(), List.of(new AccessConfig.CardAndPin(List.of("library"), List.of(), null)), List.of());
    }

    private static Directory directory() {
        return new Directory(List.of(
                person("p-teacher", PersonKind.STAFF, PersonStatus.ACTIVE, null, PinHash.hash(PIN)),
                person("p-former", PersonKind.STAFF, PersonStatus.SUSPENDED, null, null),
                person("p-visitor", PersonKind.VISITOR, PersonStatus.ACTIVE, Instant.now().minus(Duration.ofDays(1)), null),
                person("p-contractor", PersonKind.CONTRACTOR, PersonStatus.ACTIVE, null, null),
                person("p-responder", PersonKind.FIRST_RESPONDER, PersonStatus.ACTIVE, null, null)),
                List.of(card(TEACHER, "p-teacher", CardStatus.ACTIVE), card(LOST, "p-teacher", CardStatus.LOST),
                        card(FORMER, "p-former", CardStatus.ACTIVE), card(EXPIRED, "p-visitor", CardStatus.ACTIVE),
                        card(CONTRACTOR, "p-contractor", CardStatus.ACTIVE), card(RESPONDER, "p-responder", CardStatus.ACTIVE)),
                List.of(), 1);
    }

    private static Person person(String id, PersonKind kind, PersonStatus status, Instant validUntil, String pinHash) {
        return new Person(id, id, kind, null, List.of("lincoln-ms"), status, null, validUntil, false, pinHash, "api");
    }

    private static Card card(int number, String personId, CardStatus status) {
        return new Card(id(number), personId, status);
    }

    static String id(int number) {
        return "H10301:40:" + number;
    }

    private static String yaml(Path serial) {
        return """
                http: {host: 127.0.0.1, port: 8080}
                dataDir: data
                audit: {store: sqlite, path: audit.db}
                sites:
                  - id: lincoln
                    timeZone: America/Chicago
                    zones: [{id: main}]
                controllers:
                  - id: line-a
                    type: osdp
                    options:
                      transport: serial
                      device: %s
                      baud: %d
                      offlineAfterMs: 1500
                      probeIntervalMs: 300
                      devices: [{address: 1, secure: 'off'}, {address: 2, secure: 'off'}]
                doors:
                  - {id: main-entrance, site: lincoln, zone: main, exterior: true, controller: line-a, pulseSeconds: 1,
                     point: {address: 1, strike: 0, contact: 0, rex: 1, reader: 0, wiring: fail-secure}}
                  - {id: library, site: lincoln, zone: main, exterior: false, controller: line-a, pulseSeconds: 1,
                     point: {address: 2, strike: 0, contact: 0, rex: 1, reader: 0, wiring: fail-secure}}
                tokens:
                  - {name: e2e-admin, role: admin, sha256: %s}
                """.formatted(serial, BAUD, "ab".repeat(32));
    }

    private static List<String> describe(OsdpSimulatedPd pd, OsdpCommand c) {
        List<String> out = new ArrayList<>();
        if (c instanceof OsdpCommand.Out o) {
            for (OsdpCommand.OutputControl x : o.outputs()) {
                out.add("out " + x.output() + " " + x.controlCode());
                if (x.output() == 0 && pd.output(0)) out.add("strike on");
            }
        } else if (c instanceof OsdpCommand.Led l) {
            l.leds().forEach(x -> out.add("led " + x.tempOnColor()));
        } else if (c instanceof OsdpCommand.Buz b) {
            b.buzzers().forEach(x -> out.add("buz " + x.count()));
        }
        return out;
    }

    OsdpSimulatedPd pd(int address) {
        return line.pd(address);
    }

    /** Presents H10301 facility 40, {@code number} to the PD's reader. */
    void swipe(int address, int number) {
        await(line.pd(address).swipeCard(CardFormat.H10301.encode(40, number), 26));
    }

    /** Every record in the trail, in order. */
    List<AuditEntry> records() {
        List<AuditEntry> all = new ArrayList<>();
        AuditQuery q = AuditQuery.all(AuditQuery.MAX_LIMIT);
        AuditPage page;
        do {
            page = await(sqlite.query(q));
            page.items().forEach(r -> all.add(r.entry()));
            if (page.next() != null) q = q.after(page.next());
        } while (page.next() != null);
        return all;
    }

    /** The decision records for this card id, in order. */
    List<AuditEntry> decisions(String credential) {
        return records().stream().filter(e -> e.type().startsWith("access.") && credential.equals(e.credential())).toList();
    }

    /** Waits for the first decision about {@code credential} and returns it. */
    AuditEntry decision(String credential) {
        until(() -> !decisions(credential).isEmpty(), "a decision about " + credential);
        return decisions(credential).get(0);
    }

    @Override
    public void close() {
        Teardown.all("access site",
            () -> { if (backlog != null) backlog.stop(); },
            () -> { if (doors != null) await(doors.stop()); },
            () -> { if (adapter != null) await(adapter.stop()); },
            () -> { if (line != null) await(line.close()); },
            () -> { if (sqlite != null) await(sqlite.close()); },
            () -> { if (pty != null) pty.close(); },
            () -> await(vertx.close()),
            () -> Teardown.deleteTree(dir));
    }

    /** The SQLite trail behind a switch: while {@link #refuse} is on, every append fails as a full disk would. */
    static final class SwitchableStore implements AuditStore {
        volatile AuditStore delegate;
        volatile boolean refuse;

        @Override
        public Future<AuditRecord> append(AuditEntry entry) {
            return refuse ? Future.failedFuture(new java.io.IOException("disk full (test)")) : delegate.append(entry);
        }

        @Override
        public Future<AuditPage> query(AuditQuery query) {
            return delegate.query(query);
        }

        @Override
        public Future<AuditVerification> verify(List<AuditCheckpoint> checkpoints) {
            return delegate.verify(checkpoints);
        }

        @Override
        public Future<Long> lastSeq() {
            return delegate.lastSeq();
        }

        @Override
        public Future<AuditHealth> check(Duration timeout) {
            return delegate.check(timeout);
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture(); // the site closes the SQLite store itself
        }
    }
}
