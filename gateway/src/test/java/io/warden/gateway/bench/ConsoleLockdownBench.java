package io.warden.gateway.bench;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.gateway.bench.GatewayBenchRig.progress;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.api.testing.LatencyStats;
import io.warden.gateway.Gateway;
import io.warden.gateway.bench.GatewayBenchRig.SimLine;
import io.warden.gateway.bench.GatewayBenchRig.Token;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.SiteConfig;
import io.warden.gateway.demo.Demo;
import io.warden.gateway.demo.DemoTestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's lockdown button, timed: from the press of "Start lockdown" (the confirmation of "Lock down
 * &lt;zone or site&gt;") on the Lockdown page in Chromium to every door's report row showing "confirmed", beside
 * the API's own lockdown of the same scope in the same run ({@code POST /api/v1/lockdowns} sent until its 201
 * arrives, which is when the last door was confirmed). Two gateways, one after the other:
 * <ul>
 *   <li>the demo site as {@code warden demo} runs it (config/demo.yaml: 14 doors on a 9600-baud serial OSDP
 *       line, an OSDP line over TCP with secure channel and an ONVIF Profile C controller, with its people at
 *       the doors), except that footage auto-capture is off (a lockdown would start five camera exports);</li>
 *   <li>a district of {@code bench.lines} x {@code bench.pds} x {@code bench.doorsPerPd} (100 x 5 x 4 = 2,000)
 *       simulated OSDP doors over loopback TCP in 10 zones ({@link GatewayBenchRig}, as {@link LockdownBench}).</li>
 * </ul>
 * For each, the whole site and one zone. Each repetition runs one API lockdown and one browser lockdown (in
 * turn first), each released through the API before the next; {@code bench.warmup} (2) unshown repetitions
 * first, then {@code bench.reps} (7). Both are drills (a drill drives the doors as a real lockdown does).
 * The browser signs in with the demo sign-in as the lockdown role; the API uses a lockdown token. Between its rounds
 * the browser leaves the page (an open Lockdown page follows every lockdown, its stream and reads loading the API's).
 *
 * <p>Run: {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.bench.ConsoleLockdownBench}.
 * Needs node, npm (the first run does {@code npm ci} in src/test/browser) and /usr/bin/chromium.
 * Properties: {@code bench.reps}, {@code bench.warmup}, {@code bench.lines}, {@code bench.pds}, {@code bench.doorsPerPd},
 * {@code bench.only} ({@code demo} or {@code district}).
 */
public final class ConsoleLockdownBench {
    private static final int ZONES = 10;
    private static final String CONSOLE_DEMO_SIGN_IN = "console: {demoSignIn: true}\n";

    /** What is locked down: the API's scope and the name the page's button carries. */
    record Scope(String what, String label, JsonObject api) {}

    /** One scope's repetitions: API and browser wall times (ns), and the browser's own split of its time. */
    record Result(Scope scope, int doors, List<Long> api, List<Long> browser, List<Long> fetch, List<Long> afterFetch, List<Long> reads,
                  List<String> notAllConfirmed) {}

    public static void main(String[] args) throws Exception {
        GatewayBenchRig.quietLogs();
        int reps = Integer.getInteger("bench.reps", 7);
        int warmup = Integer.getInteger("bench.warmup", 2);
        String only = System.getProperty("bench.only", "");
        Path root = repoRoot();
        Path browserDir = root.resolve("gateway/src/test/browser");
        long started = System.nanoTime();
        List<Result> results = new ArrayList<>();
        if (!only.equals("district")) results.addAll(demoSite(root, browserDir, reps, warmup));
        if (!only.equals("demo")) results.addAll(district(browserDir, reps, warmup));
        print(results, reps, Duration.ofNanos(System.nanoTime() - started));
    }

    private static List<Result> demoSite(Path root, Path browserDir, int reps, int warmup) throws Exception {
        Path dir = Files.createTempDirectory("warden-console-bench-demo");
        Vertx vertx = Vertx.vertx();
        Demo demo = null;
        try {
            progress("demo site: start");
            GatewayConfig cfg = DemoTestConfig.in(dir, root.resolve("config/demo.yaml"), ConsoleLockdownBench::withoutAutoCapture);
            demo = await(Demo.start(vertx, cfg, dir, root.resolve("config/demo-site"), 0, Clock.systemUTC(), line -> {}),
                    GatewayBenchRig.WAIT);
            GatewayBenchRig.awaitOnline(demo.gateway());
            SiteConfig site = cfg.sites().get(0);
            SiteConfig.Zone zone = site.zones().get(0);
            List<Scope> scopes = List.of(
                    new Scope("demo site", site.name(), new JsonObject().put("site", site.id())),
                    new Scope("demo zone", zone.name(), new JsonObject().put("zone", zone.id())));
            return measure(vertx, demo.gateway().port(), "demo-lockdown-token", browserDir, scopes, reps, warmup);
        } finally {
            if (demo != null) await(demo.stop(), GatewayBenchRig.WAIT);
            await(vertx.close(), GatewayBenchRig.WAIT);
            AuditBenchData.deleteTree(dir);
        }
    }

    /** The demo's footage auto-capture off: each lockdown would start exports from five cameras on the same cores. */
    private static String withoutAutoCapture(String yaml) {
        String on = "  autoCapture:\n    enabled: true\n";
        if (!yaml.contains(on)) throw new IllegalStateException("config/demo.yaml no longer has '" + on.strip() + "' as the bench expects");
        return yaml.replace(on, "  autoCapture:\n    enabled: false\n");
    }

    private static List<Result> district(Path browserDir, int reps, int warmup) throws Exception {
        int lines = Integer.getInteger("bench.lines", 100);
        int pds = Integer.getInteger("bench.pds", 5);
        int perPd = Integer.getInteger("bench.doorsPerPd", 4);
        Path dir = Files.createTempDirectory("warden-console-bench-district");
        Vertx sims = Vertx.vertx();
        Vertx node = Vertx.vertx();
        List<SimLine> simLines = new ArrayList<>();
        Gateway gateway = null;
        try {
            progress("district: starting " + lines + " simulated lines");
            simLines = GatewayBenchRig.startLines(sims, lines, pds);
            Token token = Token.random("bench-lockdown", "lockdown");
            GatewayConfig cfg = GatewayBenchRig.config(dir, simLines, pds, perPd, ZONES, List.of(token),
                    Runtime.getRuntime().availableProcessors(), CONSOLE_DEMO_SIGN_IN);
            progress("district: gateway, " + cfg.doors().size() + " doors");
            gateway = await(Gateway.start(node, cfg, cfg.secrets(), 0, Clock.systemUTC()), GatewayBenchRig.WAIT);
            GatewayBenchRig.awaitOnline(gateway);
            SiteConfig.Zone zone = cfg.sites().get(0).zones().get(0);
            List<Scope> scopes = List.of(
                    new Scope("district site", cfg.sites().get(0).name(), new JsonObject().put("site", GatewayBenchRig.SITE)),
                    new Scope("district zone", zone.name(), new JsonObject().put("zone", zone.id())));
            return measure(sims, gateway.port(), token.secret(), browserDir, scopes, reps, warmup);
        } finally {
            if (gateway != null) await(gateway.stop(), GatewayBenchRig.WAIT);
            GatewayBenchRig.closeLines(simLines);
            await(node.close(), GatewayBenchRig.WAIT);
            await(sims.close(), GatewayBenchRig.WAIT);
            AuditBenchData.deleteTree(dir);
        }
    }

    /** For each scope: warm-up, then the repetitions, API and browser in turn first; every lockdown released before the next. */
    private static List<Result> measure(Vertx vertx, int port, String token, Path browserDir, List<Scope> scopes, int reps, int warmup)
            throws Exception {
        List<Result> out = new ArrayList<>();
        WebClient web = WebClient.create(vertx);
        try (LockdownPageDriver page = LockdownPageDriver.start(browserDir, "http://127.0.0.1:" + port, "lockdown")) {
            for (Scope s : scopes) {
                List<Long> api = new ArrayList<>();
                List<Long> browser = new ArrayList<>();
                List<Long> fetch = new ArrayList<>();
                List<Long> afterFetch = new ArrayList<>();
                List<Long> reads = new ArrayList<>();
                int doors = -1;
                List<String> notAllConfirmed = new ArrayList<>(); // rounds (warm-up too) where a door was not confirmed
                for (int r = 1 - warmup; r <= reps; r++) {
                    progress(s.what() + (r <= 0 ? ": warm-up" : ": repetition " + r + "/" + reps));
                    for (int turn = 0; turn < 2; turn++) {
                        if ((turn + r) % 2 == 0) { // the API lockdown, released before it returns
                            GatewayBenchRig.Round round = GatewayBenchRig.lockdownOverHttp(web, port, token, s.api(), true);
                            if (doors < 0) doors = round.doorMs().length;
                            if (round.doorMs().length != doors) throw new IllegalStateException(s.what() + ": the scope changed size");
                            if (!round.statuses().equals(Map.of("confirmed", doors))) notAllConfirmed.add("API " + round.statuses());
                            if (r > 0) api.add(nanos(round.wallMs()));
                        } else {
                            if (doors < 0) doors = scopeSize(web, port, token, s);
                            JsonObject b = page.lockDown(s.label(), doors);
                            releaseAll(web, port, token);
                            JsonObject statuses = b.getJsonObject("statuses");
                            if (!statuses.equals(new JsonObject().put("confirmed", doors))) notAllConfirmed.add("page " + statuses.encode());
                            if (r > 0) {
                                browser.add(nanos(b.getDouble("clickToShownMs")));
                                reads.add(b.getLong("readsDuring"));
                                if (b.getDouble("fetchMs") != null) {
                                    fetch.add(nanos(b.getDouble("fetchMs")));
                                    afterFetch.add(nanos(b.getDouble("fetchEndToShownMs")));
                                }
                            }
                        }
                        Thread.sleep(500); // the lines idle again before the next lockdown, as in LockdownBench
                    }
                }
                out.add(new Result(s, doors, api, browser, fetch, afterFetch, reads, notAllConfirmed));
            }
        } finally {
            web.close();
        }
        return out;
    }

    /** The doors a lockdown of the scope covers, from {@code GET /api/v1/doors}. */
    private static int scopeSize(WebClient web, int port, String token, Scope s) throws Exception {
        var req = web.get(port, "127.0.0.1", "/api/v1/doors").putHeader("Authorization", "Bearer " + token);
        s.api().forEach(e -> req.addQueryParam(e.getKey(), String.valueOf(e.getValue())));
        HttpResponse<?> res = await(req.send(), GatewayBenchRig.WAIT);
        if (res.statusCode() != 200) throw new IllegalStateException("GET /api/v1/doors: HTTP " + res.statusCode());
        return res.bodyAsJsonObject().getJsonArray("items").size();
    }

    /** Releases every active lockdown (the browser's) through the API. */
    private static void releaseAll(WebClient web, int port, String token) throws Exception {
        HttpResponse<?> list = await(web.get(port, "127.0.0.1", "/api/v1/lockdowns").putHeader("Authorization", "Bearer " + token).send(),
                GatewayBenchRig.WAIT);
        if (list.statusCode() != 200) throw new IllegalStateException("GET /api/v1/lockdowns: HTTP " + list.statusCode());
        var items = list.bodyAsJsonObject().getJsonArray("items");
        if (items.isEmpty()) throw new IllegalStateException("the browser's lockdown is not among the active ones");
        for (int i = 0; i < items.size(); i++) {
            String id = items.getJsonObject(i).getString("id");
            HttpResponse<?> rel = await(web.post(port, "127.0.0.1", "/api/v1/lockdowns/" + id + "/release")
                    .putHeader("Authorization", "Bearer " + token).send(), GatewayBenchRig.WAIT);
            if (rel.statusCode() != 200) throw new IllegalStateException("release " + id + ": HTTP " + rel.statusCode() + " " + rel.bodyAsString());
        }
    }

    private static String perRep(Result r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(r.api().size(), r.browser().size()); i++) {
            b.append(i == 0 ? "" : "  ").append(Math.round(r.api().get(i) / 1e6)).append('/').append(Math.round(r.browser().get(i) / 1e6));
        }
        return b.toString();
    }

    private static long nanos(double ms) {
        return Math.round(ms * 1e6);
    }

    /** The repository root: the working directory or its parent (exec:java runs where mvn was started). */
    private static Path repoRoot() {
        for (Path p : List.of(Path.of("").toAbsolutePath(), Path.of("").toAbsolutePath().getParent())) {
            if (p != null && Files.isRegularFile(p.resolve("config/demo.yaml"))) return p;
        }
        throw new IllegalStateException("run from the repository root or gateway/: config/demo.yaml not found");
    }

    private static void print(List<Result> results, int reps, Duration took) {
        System.out.printf("%nWarden console lockdown: the Lockdown page in Chromium beside POST /api/v1/lockdowns, %d repetitions each%n", reps);
        System.out.println(GatewayBenchRig.machine(took));
        System.out.printf("%-14s %-22s %5s | %7s %7s | %8s %7s | %6s %6s | %9s %9s %6s | %s%n", "scope", "name", "doors", "API p50",
                "max", "page p50", "max", "p50 x", "max x", "POST p50", "->shown", "reads", "every door confirmed");
        for (Result r : results) {
            LatencyStats api = LatencyStats.of(r.api());
            LatencyStats page = LatencyStats.of(r.browser());
            LatencyStats fetch = LatencyStats.of(r.fetch());
            LatencyStats rest = LatencyStats.of(r.afterFetch());
            long reads = r.reads().stream().sorted().skip((r.reads().size() - 1) / 2).findFirst().orElse(-1L);
            System.out.printf("%-14s %-22.22s %5d | %7.0f %7.0f | %8.0f %7.0f | %6.2f %6.2f | %9.0f %9.0f %6d | %s%n", r.scope().what(),
                    r.scope().label(), r.doors(), api.ms(0.5), api.ms(1.0), page.ms(0.5), page.ms(1.0), page.ms(0.5) / api.ms(0.5),
                    page.ms(1.0) / api.ms(1.0), fetch.ms(0.5), rest.ms(0.5), reads,
                    r.notAllConfirmed().isEmpty() ? "in every round" : "not in: " + String.join("; ", r.notAllConfirmed()));
        }
        for (Result r : results) {
            System.out.printf("%-14s each repetition, API / page ms: %s%n", r.scope().what(), perRep(r));
        }
        System.out.println("""
                API: POST /api/v1/lockdowns (a drill of the scope) sent -> 201 received, over loopback from the bench; the 201
                  carries the report, so this is the time until the last door was confirmed (and the report saved and audited).
                page: the press of "Start lockdown" in the confirmation of "Lock down <name>" -> the animation frame after the
                  DOM change that left every <tr data-door> row showing its final status, timed inside the page
                  (performance.now(); Playwright's round trips are not in it). Signed in with the demo sign-in (lockdown role).
                  Between its rounds the browser is on about:blank: an open Lockdown page follows the API's lockdowns too.
                p50 x / max x: page / API. POST p50: the page's own POST /api/v1/lockdowns, sent -> answered (its headers);
                  ->shown p50: from that answer to the rows shown (below 0: the live report showed every door first);
                  reads: the page's other API requests (its live report's GET /api/v1/lockdowns) during the round, median.
                  ms, nearest-rank percentiles over the repetitions; API and page lockdowns alternate, each released before
                  the next. Browser, gateway and simulators share the machine's cores.""");
    }
}
