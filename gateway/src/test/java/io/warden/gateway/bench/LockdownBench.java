package io.warden.gateway.bench;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.bench.GatewayBenchRig.lockdownOverHttp;
import static io.warden.gateway.bench.GatewayBenchRig.ms;
import static io.warden.gateway.bench.GatewayBenchRig.progress;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.Gateway;
import io.warden.gateway.bench.GatewayBenchRig.Round;
import io.warden.gateway.bench.GatewayBenchRig.SimLine;
import io.warden.gateway.bench.GatewayBenchRig.Token;
import io.warden.gateway.config.GatewayConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lockdown of a district: {@code bench.lines} (100) simulated OSDP lines over loopback TCP, each with
 * {@code bench.pds} (5) PDs driving {@code bench.doorsPerPd} (4) doors on strikes 0..3 (the simulated PD
 * has 4 outputs; no contact, REX or reader), so 2,000 doors in one site of 10 zones.
 * <ol>
 *   <li>gateway: {@code POST /api/v1/lockdowns} for the site with a lockdown token; the response comes
 *       when every door has answered, so its time is the time until the last door is confirmed. The
 *       report's per-door latencies (from the lockdown's start) give p50/p99/max. Released between reps.</li>
 *   <li>baseline, same run, same simulators: the same specs built into OSDP adapters straight from the
 *       factories (no gateway, audit, event bus or HTTP), all 2,000 {@code Lock} commands issued at once
 *       to their {@link DoorController}s; time until the last is confirmed.</li>
 * </ol>
 * {@code bench.warmup} (10) rounds precede each phase; the first, cold one is shown apart. Run:
 * {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.bench.LockdownBench}.
 * Properties: {@code bench.lines}, {@code bench.pds}, {@code bench.doorsPerPd}, {@code bench.reps} (3), {@code bench.warmup}.
 */
public final class LockdownBench {
    private static final int ZONES = 10;

    public static void main(String[] args) throws Exception {
        GatewayBenchRig.quietLogs();
        int lines = Integer.getInteger("bench.lines", 100);
        int pds = Integer.getInteger("bench.pds", 5);
        int perPd = Integer.getInteger("bench.doorsPerPd", 4);
        int reps = Integer.getInteger("bench.reps", 3);
        int warmup = Integer.getInteger("bench.warmup", 10);
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("warden-lockdown-bench");
        Vertx sims = Vertx.vertx();
        Vertx node = Vertx.vertx();
        List<SimLine> simLines = new ArrayList<>();
        List<Round> ours = new ArrayList<>();
        List<Round> bare = new ArrayList<>();
        double[] onlineMs = new double[3];
        try {
            progress("starting " + lines + " simulated lines");
            simLines = GatewayBenchRig.startLines(sims, lines, pds);
            Token lockdown = Token.random("bench-lockdown", "lockdown");
            GatewayConfig cfg = GatewayBenchRig.config(dir, simLines, pds, perPd, ZONES, List.of(lockdown));

            progress("gateway: start, " + cfg.doors().size() + " doors");
            long t0 = System.nanoTime();
            Gateway gateway = await(Gateway.start(node, cfg, cfg.secrets(), 0, Clock.systemUTC()), GatewayBenchRig.WAIT);
            onlineMs[0] = ms(t0);
            GatewayBenchRig.awaitOnline(gateway);
            onlineMs[1] = ms(t0);
            WebClient web = WebClient.create(sims);
            try {
                for (int r = 1 - warmup; r <= reps; r++) {
                    progress(r <= 0 ? "gateway: warm-up lockdown" : "gateway: lockdown " + r + "/" + reps);
                    Round round = lockdownOverHttp(web, gateway.port(), lockdown.secret(), GatewayBenchRig.SITE);
                    if (r > 0 || r == 1 - warmup) ours.add(round);
                    Thread.sleep(500);
                }
            } finally {
                web.close();
                await(gateway.stop(), GatewayBenchRig.WAIT);
            }

            progress("baseline: adapters without the gateway");
            t0 = System.nanoTime();
            List<DeviceAdapter> adapters = new ArrayList<>();
            for (AdapterSpec spec : cfg.adapterSpecs()) {
                adapters.add(Gateway.factories().get(spec.type()).create(spec, new GatewayBenchRig.QuietContext(node)));
            }
            List<DoorController> doors = new ArrayList<>();
            adapters.forEach(a -> doors.addAll(a.doors()));
            try {
                await(Future.all(adapters.stream().map(DeviceAdapter::start).toList()), GatewayBenchRig.WAIT);
                until(() -> doors.stream().allMatch(d -> d.state().online()), "baseline doors online", GatewayBenchRig.WAIT);
                onlineMs[2] = ms(t0);
                for (int r = 1 - warmup; r <= reps; r++) {
                    progress(r <= 0 ? "baseline: warm-up" : "baseline: round " + r + "/" + reps);
                    Round round = lockAllDirect(doors);
                    if (r > 0 || r == 1 - warmup) bare.add(round);
                    Thread.sleep(500);
                }
            } finally {
                await(Future.join(adapters.stream().map(DeviceAdapter::stop).toList()), GatewayBenchRig.WAIT);
            }
        } finally {
            GatewayBenchRig.closeLines(simLines);
            await(node.close(), GatewayBenchRig.WAIT);
            await(sims.close(), GatewayBenchRig.WAIT);
            AuditBenchData.deleteTree(dir);
        }
        print(lines, pds, perPd, reps, onlineMs, ours, bare, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Every door's Lock issued at once from this thread; per-door time from the first issue to its answer. */
    private static Round lockAllDirect(List<DoorController> doors) throws Exception {
        long[] doneAt = new long[doors.size()];
        String[] status = new String[doors.size()];
        List<Future<?>> all = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < doors.size(); i++) {
            int k = i;
            all.add(doors.get(i).execute(new DoorCommand.Lock(), java.time.Instant.now().plus(doors.get(i).commandTimeout())).andThen(ar -> {
                doneAt[k] = System.nanoTime();
                status[k] = ar.succeeded() ? "confirmed" : "failed";
            }));
        }
        await(Future.join(all).otherwiseEmpty(), GatewayBenchRig.WAIT);
        double wall = ms(t0);
        long[] lat = new long[doors.size()];
        Map<String, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < doors.size(); i++) {
            lat[i] = (doneAt[i] - t0) / 1_000_000;
            statuses.merge(status[i], 1, Integer::sum);
        }
        Arrays.sort(lat);
        return new Round(wall, lat, statuses);
    }

    private static void print(int lines, int pds, int perPd, int reps, double[] onlineMs, List<Round> ours, List<Round> bare,
                              Duration took) {
        int doors = lines * pds * perPd;
        System.out.printf("%nWarden lockdown: %,d doors on %d simulated OSDP lines (%d PDs x %d doors each), loopback TCP%n",
                doors, lines, pds, perPd);
        System.out.println(GatewayBenchRig.machine(took));
        System.out.printf("online: gateway Gateway.start returned %.0f ms, all %,d doors online %.0f ms; baseline adapters %.0f ms%n",
                onlineMs[0], doors, onlineMs[1], onlineMs[2]);
        System.out.printf("%-4s | %-9s %6s %6s %6s  %-22s %5s | %-9s %6s %6s %6s  %-22s | %s%n", "rep", "gw ms", "p50", "p99", "max",
                "statuses", "tail", "bare ms", "p50", "p99", "max", "statuses", "gw/bare");
        int cold = ours.size() - reps; // 1 when there were warm-up rounds
        for (int i = 0; i < ours.size(); i++) {
            Round g = ours.get(i);
            Round b = bare.get(i);
            String label = i < cold ? "cold" : String.valueOf(i + 1 - cold);
            System.out.printf("%-4s | %s %5.0f | %s | %6.2f x%n", label, g.cells(), g.tailMs(), b.cells(), g.wallMs() / b.wallMs());
        }
        double gMed = median(ours.stream().skip(cold).mapToDouble(Round::wallMs).toArray());
        double bMed = median(bare.stream().skip(cold).mapToDouble(Round::wallMs).toArray());
        System.out.printf("median of reps 1-%d: gateway %.0f ms, baseline %.0f ms, ratio %.2f x%n", reps, gMed, bMed, gMed / bMed);
        System.out.println("""
                gw ms: POST /api/v1/lockdowns (scope: the site) sent -> 201 received: the report lists every door, so this is
                  the time until the last door was confirmed. p50/p99/max: the report's per-door latencyMs (from the
                  lockdown's start, after it is saved and audited). Each lock is audited requested + confirmed (durable).
                  cold: the first round after start (JIT cold; for bare, adapter code is already compiled by then);
                  bench.warmup - 1 unshown rounds follow it.
                  tail: gw ms - max, from the last door's answer to the response (report saved, audited, sent).
                bare ms: the same Lock commands issued at once to OSDP adapters built from the same specs, no gateway,
                  audit, event bus or HTTP; p50/p99/max from the first issue. Both: Lock = OUT (strike off) -> ACK, then
                  OSTAT -> OSTATR showing it, one request in flight per line. Simulators and gateway share the cores;
                  the gateway spreads its lines over the event loops (a verticle per adapter), the bare phase runs
                  them from one context.""");
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
