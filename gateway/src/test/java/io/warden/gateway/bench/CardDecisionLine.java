package io.warden.gateway.bench;

import io.vertx.core.Vertx;
import io.warden.adapter.api.DeviceAdapter;
import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.warden.gateway.DeviceEventRecorder;
import io.warden.gateway.Gateway;
import io.warden.gateway.access.AccessControl;
import io.warden.gateway.audit.AuditBacklog;
import io.warden.gateway.audit.AuditPage;
import io.warden.gateway.audit.AuditQuery;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.testing.GatewayLine;
import io.warden.gateway.testing.Teardown;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import io.warden.sim.osdp.PtyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One door on one OSDP line for {@link CardDecisionBench}: PD 1 simulated behind a socat pty, paced
 * at the baud; the gateway side wired as the gateway wires it (config parsed by {@link ConfigLoader},
 * the OSDP adapter from {@link Gateway#factories()} on its own context with the default line timing,
 * the door service on another, SQLite audit trail, {@link AccessControl} on the recorder's reads).
 * The PD's listeners note, on the line's context, when the card's RAW went out and when the OUT, LED
 * and BUZ commands came in. Plain threads only: every method blocks.
 */
final class CardDecisionLine implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The door as the config below declares it. */
    static final DoorInfo DOOR_INFO = new DoorInfo(CardDecisionPeople.DOOR, CardDecisionPeople.DOOR, CardDecisionPeople.SITE, "main", true,
            "line-a", "osdp", Duration.ofSeconds(1), Duration.ofSeconds(30), List.of());

    private final Vertx vertx;
    private final Path dir;
    private PtyPair pty;
    private OsdpPdSimulator sim;
    private OsdpSimulatedPd pd;
    private SqliteAuditStore audit;
    private DeviceAdapter adapter;
    private GatewayDoorService doors;
    private AuditBacklog backlog;

    // Marks of the read under way, System.nanoTime(); 0 = not yet.
    private volatile long rawSent;
    private volatile long outAt;
    private volatile long ledAt;
    private volatile long buzAt;
    private volatile int ledColour;
    /** The door read its strike (OSTAT) after the pulse ended: the grant's exchanges are over. */
    private volatile boolean settled;
    private volatile OsdpCommand.Out lastOut;
    private volatile OsdpCommand.Led lastLed;
    private boolean lastWaitedBehind;

    private CardDecisionLine(Vertx vertx, Path dir) {
        this.vertx = vertx;
        this.dir = dir;
    }

    static CardDecisionLine start(Vertx vertx, int baud, CardDecisionPeople people) throws Exception {
        CardDecisionLine line = new CardDecisionLine(vertx, Files.createTempDirectory("warden-card-bench"));
        try {
            line.startAll(baud, people);
            return line;
        } catch (Exception | AssertionError e) {
            line.close();
            throw e;
        }
    }

    private void startAll(int baud, CardDecisionPeople people) throws Exception {
        pty = PtyPair.open(Files.createDirectories(dir.resolve("pty")));
        sim = await(OsdpPdSimulator.start(vertx, new OsdpPdSimulator.Options(true, baud, Duration.ofMillis(50)),
                List.of(OsdpPdConfig.defaults(1))), WAIT);
        await(sim.serveSerial(pty.b().toString(), baud), WAIT);
        pd = sim.pd(1);
        pd.onReplySent(s -> {
            if (s.code() == OsdpCodes.Reply.RAW.value() && rawSent == 0) rawSent = s.nanos();
        });
        pd.onCommand(c -> {
            long now = System.nanoTime();
            if (c instanceof OsdpCommand.Out o && outAt == 0) {
                outAt = now;
                lastOut = o;
            } else if (c instanceof OsdpCommand.Led l && ledAt == 0) {
                ledAt = now;
                ledColour = l.leds().get(0).tempOnColor();
                lastLed = l;
            } else if (c instanceof OsdpCommand.Buz && buzAt == 0) {
                buzAt = now;
            } else if (c instanceof OsdpCommand.OStat && outAt != 0 && !pd.output(0)) {
                settled = true;
            }
        });
        GatewayConfig config = ConfigLoader.parse(yaml(pty.a(), baud), "card-bench.yaml", Gateway.factories().keySet(), Map.of(), dir);
        audit = await(SqliteAuditStore.open(vertx, dir.resolve("audit.db")), WAIT);
        GatewayLine gatewayLine = await(GatewayLine.start(vertx, config, audit), WAIT);
        adapter = gatewayLine.adapter();
        DeviceEventRecorder recorder = gatewayLine.recorder();
        doors = await(GatewayDoorService.start(vertx, config.doors(), gatewayLine.local(), audit, dir.resolve("data"), Clock.systemUTC(),
                new GatewayDoorService.Options(Duration.ofSeconds(2), Duration.ofHours(12))), WAIT);
        backlog = new AuditBacklog(vertx, audit);
        recorder.decideReadsWith(new AccessControl(vertx, Clock.systemUTC(), people.policy, () -> people.directory, doors, backlog));
        until(() -> doors.doors(null, null).stream().allMatch(d -> d.state().online()), "the door online", WAIT);
    }

    /**
     * Presents card {@code number} and waits until its exchanges are over: for a grant the OUT, the
     * GRANTED LED and beep, the pulse's end and the door's read after it; for a denial the red LED and
     * the beeps.
     *
     * @return ns from the RAW's last byte to the OUT (grant) or the LED (denial); -1 when the read went
     *         otherwise than expected (said on stderr)
     */
    long read(int number, boolean grant) {
        rawSent = 0;
        outAt = 0;
        ledAt = 0;
        buzAt = 0;
        ledColour = -1;
        settled = false;
        await(pd.swipeCard(CardDecisionPeople.bits(number), 26), WAIT);
        try {
            if (grant) until(() -> outAt != 0 && buzAt != 0 && settled, "card " + number + ": OUT, LED, BUZ and the pulse over", WAIT);
            else until(() -> ledAt != 0 && buzAt != 0, "card " + number + ": LED and BUZ", WAIT);
        } catch (AssertionError e) {
            System.err.println("read failed: " + e.getMessage());
            return -1;
        }
        int expected = grant ? OsdpCommand.LedControl.GREEN : OsdpCommand.LedControl.RED;
        if (rawSent == 0 || ledColour != expected || !grant && outAt != 0) {
            System.err.printf("card %d: raw sent %b, LED colour %d (expected %d), OUT %b%n", number, rawSent != 0, ledColour, expected, outAt != 0);
            return -1;
        }
        long end = grant ? outAt : ledAt;
        long between = pd.receivedLog().stream().filter(r -> r.nanos() > rawSent && r.nanos() < end && r.code() != (grant
                ? OsdpCodes.Command.OUT.value() : OsdpCodes.Command.LED.value())).count();
        lastWaitedBehind = between > 0;
        return end - rawSent;
    }

    /** Whether the PD got another frame (a poll, a status read) between the last read's RAW and its command: the command waited for that exchange. */
    boolean lastWaitedBehind() {
        return lastWaitedBehind;
    }

    OsdpCommand.Out lastOut() {
        return lastOut;
    }

    OsdpCommand.Led lastLed() {
        return lastLed;
    }

    /** Waits until the trail holds {@code count} decision records and the backlog is empty: none was lost. */
    void awaitDecisionsRecorded(long count) {
        until(() -> backlog.pending() == 0 && decisionsRecorded() >= count, count + " decisions in the audit trail", WAIT);
        long n = decisionsRecorded();
        if (n != count) throw new IllegalStateException(n + " decision records for " + count + " reads");
    }

    private long decisionsRecorded() {
        long n = 0;
        AuditQuery q = AuditQuery.all(AuditQuery.MAX_LIMIT);
        AuditPage page;
        do {
            page = await(audit.query(q), WAIT);
            n += page.items().stream().filter(r -> r.entry().type().startsWith("access.")).count();
            if (page.next() != null) q = q.after(page.next());
        } while (page.next() != null);
        return n;
    }

    private static String yaml(Path serial, int baud) {
        return """
                http: {host: 127.0.0.1, port: 8080}
                dataDir: data
                audit: {store: sqlite, path: audit.db}
                sites:
                  - id: lincoln
                    timeZone: America/Chicago
                    zones: [{id: main}, {id: north}]
                  - id: washington
                    timeZone: America/Chicago
                    zones: [{id: w-main}]
                controllers:
                  - id: line-a
                    type: osdp
                    options: {transport: serial, device: %s, baud: %d, devices: [{address: 1}]}
                doors:
                  - {id: main-entrance, site: lincoln, zone: main, exterior: true, controller: line-a, pulseSeconds: 1,
                     point: {address: 1, strike: 0, contact: 0, rex: 1, reader: 0, wiring: fail-secure}}
                tokens:
                  - {name: bench-admin, role: admin, sha256: %s}
                """.formatted(serial, baud, "ab".repeat(32));
    }

    @Override
    public void close() {
        Teardown.all("card bench line",
            () -> { if (backlog != null) backlog.stop(); },
            () -> { if (doors != null) await(doors.stop(), WAIT); },
            () -> { if (adapter != null) await(adapter.stop(), WAIT); },
            () -> { if (sim != null) await(sim.close(), WAIT); },
            () -> { if (audit != null) await(audit.close(), WAIT); },
            () -> { if (pty != null) pty.close(); },
            () -> Teardown.deleteTree(dir));
    }
}
