package io.warden.gateway.bench;

import static io.warden.adapter.api.testing.Waits.await;

import io.vertx.core.Vertx;
import io.warden.adapter.api.Credential;
import io.warden.adapter.api.testing.LatencyStats;
import io.warden.gateway.access.AccessDecider;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.cp.OsdpCpOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Card read to strike, end to end at the door: a simulated PD on a pty (socat), paced at 9600 and at
 * 115200 baud, the OSDP adapter as the gateway builds it (default line timing), the real
 * {@code DeviceEventRecorder}, {@code AccessControl}, {@code GatewayDoorService} and a real
 * {@code SqliteAuditStore} behind an {@code AuditBacklog} in a temp dir ({@link CardDecisionLine}), deciding
 * for 10,000 cardholders and 200 access groups ({@link CardDecisionPeople}).
 *
 * <p>Measured at the simulator: from the instant the PD's RAW reply (the card) finished going out on
 * the wire ({@code OsdpSimulatedPd.onReplySent}, after pacing) to the instant the PD received the OUT
 * that turns the strike on; for denied reads, to the DENIED signal's LED command. The start mark is
 * taken as the simulator hands the RAW's last paced slice to its serial writer thread, so that thread's
 * hop to the pty counts against the gateway (the figures err on the slow side). Reads are of random
 * cardholders the policy grants (or denies, a separate scenario), one at a time: after a grant the
 * bench waits for the 1 s pulse to end and for the door's own OSTAT read after it, so no read queues
 * behind the previous one's commands. Beside it, in the same run: the wire floor of the same frames
 * (the RAW reply and the OUT or LED command, bytes x 10 / baud, mark and CRC included), the line's
 * poll interval, the goal (p99 under 1.5 x floor + one poll interval), and the pure decision cost
 * ({@link AccessDecider#decide} on the same district, ns per decision).
 *
 * <p>Run without installing (from the repository root; the first command builds the modules the gateway
 * needs from this tree, the second runs the bench on the gateway's test class path; socat must be installed):
 * <pre>
 * mvn -B -o -q -pl gateway -am test-compile -DskipTests
 * mvn -B -o -q -pl gateway dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
 * java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
 *     -cp gateway/target/test-classes:gateway/target/classes:adapters/api/target/classes:adapters/api/target/test-classes:adapters/osdp/target/classes:simulators/target/classes:$(cat gateway/target/bench-cp.txt) \
 *     io.warden.gateway.bench.CardDecisionBench
 * </pre>
 * (this tree's module classes come before the jars from {@code ~/.m2}). Without an install,
 * {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.bench.CardDecisionBench} works too.
 * Properties: {@code bench.n} (reads per scenario, 300), {@code bench.people} (10000), {@code bench.groups} (200).
 */
public final class CardDecisionBench {
    private CardDecisionBench() {}

    /** One scenario; {@code clear}: the reads whose command went out with no other exchange on the line since the RAW. */
    record Row(int baud, boolean grants, LatencyStats stats, LatencyStats clear, int errors, double floorMs, int rawBytes, int commandBytes) {}


    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.n", 300);
        int peopleCount = Integer.getInteger("bench.people", 10_000);
        int groups = Integer.getInteger("bench.groups", 200);
        int warmup = Math.max(20, n / 10);
        Vertx vertx = Vertx.vertx();
        List<Row> rows = new ArrayList<>();
        long started = System.nanoTime();
        double[] decideNs;
        CardDecisionPeople people;
        try {
            long t0 = System.nanoTime();
            people = new CardDecisionPeople(peopleCount, groups, Instant.now(), CardDecisionLine.DOOR_INFO);
            System.err.printf("district: %,d people, %d groups, built and every card decided once in %d ms; at %s %,d granted, %,d denied %s%n",
                    peopleCount, groups, (System.nanoTime() - t0) / 1_000_000, CardDecisionPeople.DOOR, people.granted.size(),
                    people.denied.size(), people.deniedBy);
            decideNs = decisionCost(people);
            for (int baud : new int[] {9600, 115_200}) {
                try (CardDecisionLine line = CardDecisionLine.start(vertx, baud, people)) {
                    Random random = new Random(baud);
                    for (boolean grants : new boolean[] {true, false}) {
                        List<Integer> cards = grants ? people.granted : people.denied;
                        System.err.printf("%d baud, %s: %d warm-up and %d measured reads...%n", baud, grants ? "granted" : "denied", warmup, n);
                        for (int i = 0; i < warmup; i++) line.read(pick(cards, random), grants);
                        List<Long> nanos = new ArrayList<>();
                        List<Long> clear = new ArrayList<>();
                        int errors = 0;
                        for (int i = 0; i < n; i++) {
                            long ns = line.read(pick(cards, random), grants);
                            if (ns < 0) {
                                errors++;
                                continue;
                            }
                            nanos.add(ns);
                            if (!line.lastWaitedBehind()) clear.add(ns);
                        }
                        int raw = wire(true, OsdpCodes.Reply.RAW.value(), new OsdpReply.Raw(0, 1, 26, Bytes.of(CardDecisionPeople.bits(1))).encode());
                        OsdpCommand cmd = grants ? line.lastOut() : line.lastLed();
                        int command = wire(false, cmd.code(), cmd.encode());
                        rows.add(new Row(baud, grants, LatencyStats.of(nanos), LatencyStats.of(clear), errors, (raw + command) * 10_000.0 / baud, raw, command));
                    }
                    line.awaitDecisionsRecorded(2L * (warmup + n));
                }
            }
        } finally {
            await(vertx.close(), CardDecisionLine.WAIT);
        }
        print(rows, decideNs, people, groups, Duration.ofNanos(System.nanoTime() - started));
    }

    private static int pick(List<Integer> cards, Random random) {
        return cards.get(random.nextInt(cards.size()));
    }

    /**
     * ns per {@link AccessDecider#decide} call at the bench door, granted and denied reads apart: ten
     * rounds of 20,000 random reads after five untimed ones, the median round.
     */
    private static double[] decisionCost(CardDecisionPeople p) {
        Random random = new Random(1);
        Instant now = Instant.now();
        double[] out = new double[2];
        for (int k = 0; k < 2; k++) {
            List<Integer> cards = k == 0 ? p.granted : p.denied;
            Credential[] reads = new Credential[20_000];
            for (int i = 0; i < reads.length; i++) reads[i] = CardDecisionPeople.read(pick(cards, random));
            double[] rounds = new double[10];
            long sink = 0;
            for (int r = -5; r < rounds.length; r++) {
                long t0 = System.nanoTime();
                for (Credential c : reads) {
                    if (AccessDecider.decide(p.directory, p.policy, CardDecisionPeople.DOOR, c, now, null).decision().granted()) sink++;
                }
                if (r >= 0) rounds[r] = (System.nanoTime() - t0) / (double) reads.length;
            }
            long expected = k == 0 ? 15L * reads.length : 0;
            if (sink != expected) throw new IllegalStateException("decisions changed between the setup and the baseline: " + sink);
            Arrays.sort(rounds);
            out[k] = rounds[rounds.length / 2];
        }
        return out;
    }

    /** Wire bytes of one plaintext frame to or from PD 1, 0xFF mark and CRC included. */
    private static int wire(boolean reply, int code, Bytes data) {
        return OsdpFrameCodec.encode(OsdpFrame.plain(1, reply, 1, true, code, data), true).length;
    }

    private static void print(List<Row> rows, double[] decideNs, CardDecisionPeople people, int groups, Duration took) {
        double poll = OsdpCpOptions.DEFAULTS.pollInterval().toNanos() / 1e6;
        System.out.printf("Warden card read -> strike: RAW reply's last byte out at the PD -> the PD has the OUT (grants) / the DENIED LED (denials)%n");
        System.out.printf("date %s | %d cores, %s | Java %s (%s) | %s %s | bench took %d s%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), Runtime.getRuntime().availableProcessors(), cpuModel(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.arch"), took.toSeconds());
        System.out.printf("district: %,d cardholders (H10301), %d access groups; at %s: %,d cards granted, %,d denied%n",
                people.directory.people().size(), groups, CardDecisionPeople.DOOR, people.granted.size(), people.denied.size());
        System.out.printf("%-7s %-8s %4s %3s %8s %8s %8s  %-24s %7s %8s %9s %8s %4s  %6s %8s%n", "baud", "reads", "n", "err", "p50 ms", "p99 ms",
                "max ms", "floor (RAW+cmd bytes)", "cmd ms", "poll ms", "goal ms", "p99/flr", "met", "behind", "clr p99");
        for (Row r : rows) {
            double p99 = r.stats().ms(0.99);
            double goal = 1.5 * r.floorMs() + poll;
            double cmdMs = r.commandBytes() * 10_000.0 / r.baud();
            System.out.printf("%-7d %-8s %4d %3d %8.2f %8.2f %8.2f  %-24s %7.2f %8.0f %9.2f %8.2f %4s  %6d %8.2f%n", r.baud(), r.grants() ? "granted" : "denied",
                    r.stats().sorted().length, r.errors(), r.stats().ms(0.50), p99, r.stats().ms(1.0),
                    "%.2f ms (%d+%d B)".formatted(r.floorMs(), r.rawBytes(), r.commandBytes()), cmdMs, poll, goal, p99 / r.floorMs(),
                    p99 + cmdMs < goal ? "yes" : "NO", r.stats().sorted().length - r.clear().sorted().length, r.clear().ms(0.99));
        }
        System.out.printf("decision alone (AccessDecider.decide, same district, same JVM): %.0f ns granted, %.0f ns denied%n", decideNs[0], decideNs[1]);
        System.out.println("""
                floor: bytes x 10 / baud of the RAW reply and the command (OUT for a grant, LED for a denial), 0xFF mark and CRC.
                  The interval measured starts after the RAW's last byte, so the RAW's own wire time is not in it; the CP's
                  command crosses the pty at once (only the PD's bytes are paced), so its wire time (cmd ms) is not in it
                  either: a real line adds it. met: p99 + cmd ms < goal (1.5 x floor + one poll interval).
                behind: reads whose command waited for another exchange on the line (the PD got a POLL or OSTAT between
                  the RAW and the command); clr p99: p99 of the other reads.""");
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
