package io.warden.gateway.bench;

import static io.warden.gateway.bench.GatewayBenchRig.ms;
import static io.warden.gateway.bench.GatewayBenchRig.pct;
import static io.warden.gateway.bench.GatewayBenchRig.progress;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.warden.gateway.bench.GatewayBenchRig.Round;
import io.warden.gateway.cluster.District;
import io.warden.gateway.cluster.District.LineSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * A district on three gateway nodes beside the same doors on one node, in the same run, every node its own
 * JVM ({@code warden serve}): {@code bench.lines} (150) simulated OSDP lines over loopback TCP, each with
 * {@code bench.pds} (5) PDs of {@code bench.doorsPerPd} (4) doors, so 3,000 doors in one site of
 * {@code bench.zones} (50) zones; any node may own any line.
 * <ol>
 *   <li>one node (no {@code cluster:} section, SQLite): {@code POST /api/v1/lockdowns} for the site until its
 *       201 (every door answered), the report's per-door latencies; released between rounds. Then stopped.</li>
 *   <li>three nodes (PostgreSQL, leases of {@code bench.lease} s, 10 by default): the same lockdowns started on
 *       node1, whichever node owns each door.</li>
 *   <li>takeover: kill -9 of the non-first node holding the most lines; time until every one of its lines is
 *       held by a survivor ({@code GET /api/v1/nodes} on node1) and until all their doors are online again.</li>
 * </ol>
 * Run: {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.bench.DistrictBench}
 * (PostgreSQL on 127.0.0.1:5432 as for the tests). Properties: {@code bench.lines}, {@code bench.pds}, {@code bench.doorsPerPd},
 * {@code bench.zones}, {@code bench.reps} (3), {@code bench.warmup} (3), {@code bench.lease}, {@code bench.heap} (768m per node).
 * While this build cannot read a {@code cluster:} section only the one-node phase runs, and the table says so.
 */
public final class DistrictBench {
    private static final Duration ONLINE = Duration.ofSeconds(180);
    private static final List<String> NODES = List.of("node1", "node2", "node3");

    public static void main(String[] args) throws Exception {
        GatewayBenchRig.quietLogs();
        int lines = Integer.getInteger("bench.lines", 150);
        int pds = Integer.getInteger("bench.pds", 5);
        int perPd = Integer.getInteger("bench.doorsPerPd", 4);
        int zones = Integer.getInteger("bench.zones", 50);
        int reps = Integer.getInteger("bench.reps", 3);
        int warmup = Integer.getInteger("bench.warmup", 3);
        int lease = Integer.getInteger("bench.lease", 10);
        String heap = System.getProperty("bench.heap", "768m");
        long started = System.nanoTime();

        List<LineSpec> specs = new ArrayList<>();
        for (int l = 0; l < lines; l++) specs.add(LineSpec.tcp("line-%03d".formatted(l), "zone-" + (l % zones), List.of(), pds, perPd));
        List<Round> single = new ArrayList<>();
        List<Round> cluster = new ArrayList<>();
        Map<String, Integer> owned = new TreeMap<>();
        double[] online = {Double.NaN, Double.NaN};
        String skipped = null;
        Takeover takeover = null;
        progress("starting " + lines + " simulated lines, " + lines * pds * perPd + " doors");
        try (District district = District.create(specs, NODES, true, lease)) {
            district.jvmArgs(List.of("-Xmx" + heap, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
            district.addSingleNode("solo");
            WebClient web = WebClient.create(district.vertx());
            try {
                progress("one node: start");
                long t0 = System.nanoTime();
                district.startNodes("solo");
                waitFor(() -> allOnline(district, "solo", district.doors()), "every door online on the one node", ONLINE);
                online[0] = ms(t0);
                rounds(web, district, "solo", warmup, reps, single, "one node");
                district.node("solo").close();

                skipped = district.configRefusal("node1");
                if (skipped == null) {
                    progress("three nodes: start");
                    t0 = System.nanoTime();
                    district.startNodes(NODES.toArray(String[]::new));
                    waitFor(() -> allOnline(district, "node1", district.doors()), "every door online, seen from node1", ONLINE);
                    online[1] = ms(t0);
                    district.owners("node1").values().forEach(n -> owned.merge(n, 1, Integer::sum));
                    rounds(web, district, "node1", warmup, reps, cluster, "three nodes");
                    takeover = takeover(district, lease);
                }
            } finally {
                web.close();
                keepLogs(district);
            }
        }
        print(lines, pds, perPd, lease, reps, online, single, cluster, owned, takeover, skipped, Duration.ofNanos(System.nanoTime() - started));
    }

    /** {@code warmup} rounds (the first kept as "cold"), then {@code reps}, each a lockdown of the site started on {@code node}. */
    private static void rounds(WebClient web, District district, String node, int warmup, int reps, List<Round> into, String label) throws Exception {
        int port = district.node(node).port();
        for (int r = 1 - warmup; r <= reps; r++) {
            progress(r <= 0 ? label + ": warm-up lockdown" : label + ": lockdown " + r + "/" + reps);
            Round round = GatewayBenchRig.lockdownOverHttp(web, port, district.token("lockdown"), District.SITE);
            if (r > 0 || r == 1 - warmup) into.add(round);
            Thread.sleep(500);
        }
    }

    /** With {@code -Dbench.logs=DIR}: each node's output there as {@code <node>.log} (the district's directory is deleted). */
    private static void keepLogs(District district) throws java.io.IOException {
        String dir = System.getProperty("bench.logs");
        if (dir == null) return;
        java.nio.file.Path to = java.nio.file.Files.createDirectories(java.nio.file.Path.of(dir));
        for (String n : List.of("solo", "node1", "node2", "node3")) {
            try {
                java.nio.file.Files.write(to.resolve(n + ".log"), district.node(n).output());
            } catch (IllegalArgumentException e) {
                // never started
            }
        }
    }

    /** How long a dead node's lines took to change hands, and their doors to come back. */
    record Takeover(String node, int lines, double leasesMs, double onlineMs) {}

    private static Takeover takeover(District district, int lease) throws Exception {
        Map<String, String> owners = district.owners("node1");
        String victim = NODES.stream().skip(1).max((a, b) -> Long.compare(count(owners, a), count(owners, b))).orElseThrow();
        List<String> itsLines = owners.entrySet().stream().filter(e -> e.getValue().equals(victim)).map(Map.Entry::getKey).toList();
        List<String> itsDoors = district.lines().stream().filter(l -> itsLines.contains(l.spec().id())).flatMap(l -> l.spec().doors().stream()).toList();
        progress("takeover: kill -9 of " + victim + " (" + itsLines.size() + " lines)");
        long t0 = System.nanoTime();
        district.kill(victim);
        Duration within = Duration.ofSeconds(lease * 3L + 60);
        waitFor(() -> {
            Map<String, String> now = district.owners("node1");
            return itsLines.stream().allMatch(l -> now.get(l) != null && !now.get(l).equals(victim));
        }, "every line of " + victim + " held by a survivor", within);
        double leases = ms(t0);
        waitFor(() -> allOnline(district, "node1", itsDoors), "the doors of " + victim + "'s lines online again", within);
        return new Takeover(victim, itsLines.size(), leases, ms(t0));
    }

    private static long count(Map<String, String> owners, String node) {
        return owners.values().stream().filter(node::equals).count();
    }

    private static boolean allOnline(District district, String node, List<String> doors) throws Exception {
        Map<String, JsonObject> views = district.doorViews(node);
        return doors.stream().allMatch(d -> views.containsKey(d) && views.get(d).getJsonObject("state").getBoolean("online"));
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Polls every 100 ms; a failing check counts as not yet (a node may be busy or starting). */
    private static void waitFor(Check check, String what, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        BooleanSupplier ok = () -> {
            try {
                return check.holds();
            } catch (Exception e) {
                return false;
            }
        };
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out after " + within.toSeconds() + " s waiting for " + what);
            Thread.sleep(100);
        }
    }

    private static void print(int lines, int pds, int perPd, int lease, int reps, double[] online, List<Round> single, List<Round> cluster,
                              Map<String, Integer> owned, Takeover takeover, String skipped, Duration took) {
        System.out.printf("%nWarden district: %,d doors on %d simulated OSDP lines (%d PDs x %d doors), loopback TCP; every node its own JVM%n",
                lines * pds * perPd, lines, pds, perPd);
        System.out.println(GatewayBenchRig.machine(took));
        System.out.printf("all doors online after start: one node %.0f ms, three nodes %s%n", online[0],
                Double.isNaN(online[1]) ? "n/a" : "%.0f ms".formatted(online[1]));
        if (skipped != null) System.out.println("three nodes: NOT RUN, this build cannot run cluster mode: " + skipped);
        else System.out.println("lines owned: " + owned + " (any node may own any line; lease " + lease + " s)");
        System.out.printf("%-4s | %-9s %6s %6s %6s  %-22s | %-9s %6s %6s %6s  %-22s | %s %s %s%n", "rep", "1 node ms", "p50", "p99", "max", "statuses",
                "3 nodes", "p50", "p99", "max", "statuses", "wall 3/1", "p50 3/1", "p99 3/1");
        int cold = single.size() - reps;
        for (int i = 0; i < single.size(); i++) {
            Round s = single.get(i);
            Round c = i < cluster.size() ? cluster.get(i) : null;
            String label = i < cold ? "cold" : String.valueOf(i + 1 - cold);
            System.out.printf("%-4s | %s | %s | %s %s %s%n", label, s.cells(), c == null ? "%-9s %6s %6s %6s  %-22s".formatted("n/a", "", "", "", "") : c.cells(),
                    c == null ? "n/a" : ratio(c.wallMs(), s.wallMs()), c == null ? "" : ratio(pct(c.doorMs(), 0.5), pct(s.doorMs(), 0.5)),
                    c == null ? "" : ratio(pct(c.doorMs(), 0.99), pct(s.doorMs(), 0.99)));
        }
        for (List<Round> rounds : List.of(single, cluster)) {
            for (int i = 0; i < rounds.size(); i++) {
                if (rounds.get(i).problems().isEmpty()) continue;
                System.out.printf("  %s, %s: doors not confirmed, by answer:%n", rounds == single ? "1 node" : "3 nodes", i < cold ? "cold" : "rep " + (i + 1 - cold));
                Map<String, Integer> byAnswer = new TreeMap<>();
                rounds.get(i).problems().forEach((k, v) -> byAnswer.merge(k.replaceAll("line-\\d+(-\\d+)*", "<line>"), v, Integer::sum));
                byAnswer.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(5)
                        .forEach(e -> System.out.printf("    %5d  %s%n", e.getValue(), e.getKey().length() > 200 ? e.getKey().substring(0, 200) + "..." : e.getKey()));
            }
        }
        double sMed = median(single.stream().skip(cold).mapToDouble(Round::wallMs).toArray());
        double cMed = median(cluster.stream().skip(cold).mapToDouble(Round::wallMs).toArray());
        System.out.printf("median of reps 1-%d: one node %.0f ms, three nodes %s, ratio %s%n", reps, sMed,
                Double.isNaN(cMed) ? "n/a" : "%.0f ms".formatted(cMed), Double.isNaN(cMed) ? "n/a" : ratio(cMed, sMed));
        if (takeover != null) {
            System.out.printf("takeover: kill -9 of %s (%d lines): every line held by a survivor after %.0f ms, all its doors online again after %.0f ms"
                    + " (lease %d s)%n", takeover.node(), takeover.lines(), takeover.leasesMs(), takeover.onlineMs(), lease);
        }
        System.out.println("""
                ms: POST /api/v1/lockdowns (scope: the site, every door of the district) sent -> 201 received, i.e. until the last
                  door was confirmed. p50/p99/max: the report's per-door latencyMs (from the lockdown's start). Released between
                  rounds. 3 nodes: started on node1; a door owned by another node is locked there over the clustered event
                  bus, and lockdowns and the audit trail are in PostgreSQL (one node: files and SQLite).
                  cold: the first round after start; bench.warmup - 1 unshown rounds follow it.
                takeover: from kill -9 to GET /api/v1/nodes on node1 showing every line of the dead node held elsewhere, and
                  to every door of those lines online in node1's GET /api/v1/doors (polled every 100 ms).
                Simulators, nodes and PostgreSQL share the machine's cores.""");
    }

    private static String ratio(double a, double b) {
        return b <= 0 || Double.isNaN(a) || Double.isNaN(b) ? "n/a" : "%.2f x".formatted(a / b);
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
