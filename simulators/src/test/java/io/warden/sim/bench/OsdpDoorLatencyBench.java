package io.warden.sim.bench;


import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorCommandResult;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.testing.LatencyStats;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpReply;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Door command latency, adapter call to device-confirmed (OUT → ACK, OSTAT → OSTATR), over a pty
 * with the simulator pacing at 9600 and 115200 baud and over loopback TCP, with 1 and 16 PDs on the
 * line. Commands run one at a time, Pulse(1 s) and Lock alternating per door, doors round-robin.
 * Pty rows compare with the wire floor of the same frames (bytes × 10 / baud); TCP rows with a
 * bare client sending the same frames to the same simulator, measured in the same run.
 *
 * <p>Run: {@code mvn -B -q -pl simulators -am -Pbench -Dbench.osdp test-compile exec:java}.
 * Optional {@code -Dbench.n=<commands>} overrides the per-scenario count.
 */
public final class OsdpDoorLatencyBench {
    /** Warm-up commands per scenario: a fifth of the measured count, at least 20. */
    private static int warmup(int n) {
        return Math.max(20, n / 5);
    }

    record Scenario(String name, OsdpBenchLine.Link link, int baud, int pds, int n) {}


    record Row(Scenario s, int errors, LatencyStats total, LatencyStats toOut, double floorMs, double frameBytes, int pacedBytes, LatencyStats baseline) {}

    /** One measured command: where it went and the OUT the PD actually ran. */
    private record Sent(int address, OsdpCommand.Out out) {}

    public static void main(String[] args) throws Exception {
        int slow = Integer.getInteger("bench.n", 300);
        int fast = Integer.getInteger("bench.n", 1000);
        List<Scenario> scenarios = List.of(
                new Scenario("pty 9600 paced", OsdpBenchLine.Link.PTY, 9600, 1, slow),
                new Scenario("pty 9600 paced", OsdpBenchLine.Link.PTY, 9600, 16, slow),
                new Scenario("pty 115200 paced", OsdpBenchLine.Link.PTY, 115_200, 1, fast),
                new Scenario("pty 115200 paced", OsdpBenchLine.Link.PTY, 115_200, 16, fast),
                new Scenario("tcp loopback", OsdpBenchLine.Link.TCP, 115_200, 1, fast),
                new Scenario("tcp loopback", OsdpBenchLine.Link.TCP, 115_200, 16, fast));
        Vertx vertx = Vertx.vertx();
        List<Row> rows = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (Scenario s : scenarios) {
                System.err.printf("running %s, %d PD(s), %d commands...%n", s.name(), s.pds(), s.n());
                rows.add(run(vertx, s));
            }
        } finally {
            await(vertx.close(), OsdpBenchLine.WAIT);
        }
        print(rows, Duration.ofNanos(System.nanoTime() - started));
    }

    private static Row run(Vertx vertx, Scenario s) throws Exception {
        try (OsdpBenchLine line = OsdpBenchLine.start(vertx, s.link(), s.baud(), s.pds())) {
            line.awaitOnline();
            List<DoorController> doors = line.doors();
            // The PD runs the OUT on the line's context: note when, and what it ran.
            AtomicReference<Long> outAt = new AtomicReference<>();
            AtomicReference<OsdpCommand.Out> outRan = new AtomicReference<>();
            for (OsdpSimulatedPd pd : line.simulator.pds()) {
                pd.onCommand(c -> {
                    if (c instanceof OsdpCommand.Out o) {
                        outAt.set(System.nanoTime());
                        outRan.set(o);
                    }
                });
            }
            int outputs = line.simulator.pds().get(0).config().outputs();
            for (int i = 0; i < warmup(s.n()); i++) execute(doors, i);
            List<Long> total = new ArrayList<>();
            List<Long> toOut = new ArrayList<>();
            List<Sent> sent = new ArrayList<>();
            long bytes = 0;
            int errors = 0;
            for (int i = 0; i < s.n(); i++) {
                outAt.set(null);
                long t0 = System.nanoTime();
                long done = execute(doors, i);
                if (done < 0 || outAt.get() == null) {
                    errors++;
                    continue;
                }
                int address = i % doors.size() + 1;
                total.add(done - t0);
                toOut.add(outAt.get() - t0);
                sent.add(new Sent(address, outRan.get()));
                bytes += frameBytes(address, outRan.get(), outputs);
            }
            double perCommand = sent.isEmpty() ? Double.NaN : (double) bytes / sent.size();
            double floor = s.link() == OsdpBenchLine.Link.PTY ? perCommand * 10 * 1000 / s.baud() : Double.NaN;
            LatencyStats baseline = null;
            if (s.link() == OsdpBenchLine.Link.TCP) {
                line.stopAdapter();
                baseline = bareTcp(vertx, line.tcpPort, sent);
            }
            return new Row(s, errors, LatencyStats.of(total), LatencyStats.of(toOut), floor, perCommand, replyBytes(1, outputs), baseline);
        }
    }

    /** Runs command {@code i}; returns System.nanoTime() at the future's completion, or -1 when it failed. */
    private static long execute(List<DoorController> doors, int i) throws Exception {
        DoorController door = doors.get(i % doors.size());
        // Each door alternates: the doors are visited round-robin, the command flips every round.
        DoorCommand cmd = (i / doors.size()) % 2 == 0 ? new DoorCommand.Pulse(Duration.ofSeconds(1)) : new DoorCommand.Lock();
        long[] doneAt = {-1};
        Future<DoorCommandResult> f = door.execute(cmd, java.time.Instant.now().plus(door.commandTimeout())).onSuccess(r -> doneAt[0] = System.nanoTime());
        try {
            await(f, OsdpBenchLine.WAIT);
        } catch (AssertionError e) {
            System.err.printf("command %d (%s on %s) failed: %s%n", i, cmd.name(), door.doorId(), e.getMessage());
            return -1;
        }
        return doneAt[0];
    }

    /** The same OUT frames, then OSTAT, straight over a fresh TCP connection to the same simulator. */
    private static LatencyStats bareTcp(Vertx vertx, int port, List<Sent> sent) throws Exception {
        OsdpBareTcpCp cp = await(OsdpBareTcpCp.connect(vertx, port), OsdpBenchLine.WAIT);
        try {
            for (int i = 0; i < Math.min(warmup(sent.size()), sent.size()); i++) await(cp.command(sent.get(i).address(), sent.get(i).out()), OsdpBenchLine.WAIT);
            List<Long> nanos = new ArrayList<>();
            for (Sent x : sent) {
                long t0 = System.nanoTime();
                long[] doneAt = {-1};
                await(cp.command(x.address(), x.out()).onSuccess(v -> doneAt[0] = System.nanoTime()), OsdpBenchLine.WAIT);
                nanos.add(doneAt[0] - t0);
            }
            return LatencyStats.of(nanos);
        } finally {
            await(cp.close(), OsdpBenchLine.WAIT);
        }
    }

    /** Wire bytes of one confirmed command, plaintext, CRC, each frame with its 0xFF mark. */
    static int frameBytes(int address, OsdpCommand.Out out, int outputs) {
        return wire(address, false, out.code(), out.encode()) + wire(address, false, OsdpCodes.Command.OSTAT.value(), Bytes.EMPTY)
                + replyBytes(address, outputs);
    }

    /** The PD's part of {@link #frameBytes}: ACK and OSTATR, the bytes the simulator paces. */
    static int replyBytes(int address, int outputs) {
        return wire(address, true, OsdpCodes.Reply.ACK.value(), Bytes.EMPTY)
                + wire(address, true, OsdpCodes.Reply.OSTATR.value(), new OsdpReply.OStatR(new int[outputs]).encode());
    }

    private static int wire(int address, boolean reply, int code, Bytes data) {
        return OsdpFrameCodec.encode(OsdpFrame.plain(address, reply, 1, true, code, data), true).length;
    }

    private static void print(List<Row> rows, Duration took) {
        System.out.printf("Warden OSDP door command latency: execute() -> device-confirmed (OUT->ACK, OSTAT->OSTATR)%n");
        System.out.printf("date %s | %d cores, %s | Java %s (%s) | %s %s | bench took %d s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"), took.toSeconds());
        System.out.printf("%-18s %3s %4s %3s %8s %8s %8s  %-30s %7s %7s%n",
                "scenario", "pds", "n", "err", "p50 ms", "p99 ms", "toOUT50", "reference (same run)", "p50/ref", "p99/ref");
        for (Row r : rows) {
            double p50 = r.total().ms(0.50);
            double p99 = r.total().ms(0.99);
            String ref;
            double ref50;
            double ref99;
            if (r.baseline() == null) {
                ref = "floor %.2f ms (%.0f B, %d paced)".formatted(r.floorMs(), r.frameBytes(), r.pacedBytes());
                ref50 = r.floorMs();
                ref99 = r.floorMs();
            } else {
                ref50 = r.baseline().ms(0.50);
                ref99 = r.baseline().ms(0.99);
                ref = "bare tcp %.3f/%.3f ms".formatted(ref50, ref99);
            }
            System.out.printf("%-18s %3d %4d %3d %8.3f %8.3f %8.3f  %-30s %7.2f %7.2f%n", r.s().name(), r.s().pds(),
                    r.total().sorted().length, r.errors(), p50, p99, r.toOut().ms(0.50), ref, p50 / ref50, p99 / ref99);
        }
        System.out.println("""
                toOUT50: p50 of execute() -> the PD runs the OUT: waiting for an in-flight poll plus CP->PD transit.
                floor: bytes x 10 / baud of the 4 frames (0xFF mark, CRC, plaintext). The simulator paces only
                  the PD's bytes (ACK, OSTATR: "paced"); the CP's cross the pty at once, so a ratio under 1 is possible.
                bare tcp: p50/p99 of the same OUT and OSTAT frames sent by a bare Vert.x client to the same
                  simulator, no adapter; p50/ref and p99/ref compare like percentiles.""");
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("cpu unknown");
        } catch (IOException e) {
            return "cpu unknown";
        }
    }
}
