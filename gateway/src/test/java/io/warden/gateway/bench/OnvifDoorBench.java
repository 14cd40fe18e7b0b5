package io.warden.gateway.bench;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.bench.GatewayBenchRig.ms;
import static io.warden.gateway.bench.GatewayBenchRig.progress;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.Gateway;
import io.warden.gateway.bench.GatewayBenchRig.Round;
import io.warden.gateway.bench.GatewayBenchRig.SimLine;
import io.warden.gateway.bench.GatewayBenchRig.Token;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.sim.onvif.door.OnvifDoorControllerSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ONVIF Profile C door controllers beside OSDP, in one gateway, one run: {@code bench.controllers} (50)
 * simulated ONVIF controllers with {@code bench.doorsPerController} (10) doors each, and as many OSDP
 * doors on {@code bench.lines} (50) simulated lines of {@code bench.pds} (5) PDs with
 * {@code bench.doorsPerPd} (2) doors each (strike and contact input n for door n). Each kind is a site.
 * <ol>
 *   <li>Lockdown: {@code POST /api/v1/lockdowns} with the site as scope, ONVIF and OSDP in turn, released
 *       between rounds ({@code bench.warmup} (5) warm-up rounds, the first shown as cold, then {@code bench.reps}
 *       (3)): time until the response (every door confirmed) and the report's per-door latencies.</li>
 *   <li>Events: {@code bench.rate} (200) door-contact changes a second, round-robin over the doors (each
 *       door opens, then closes on its next turn), for {@code bench.eventWarmupSeconds} (5) unmeasured,
 *       then {@code bench.eventSeconds} (20), ONVIF doors first, then OSDP doors, while one client reads
 *       {@code GET /api/v1/events?type=door.}; latency of each {@code door.opened} / {@code door.closed}
 *       from the contact change at the simulator to its arrival at the client. Then the same ONVIF
 *       load with the gateway stopped, into ONVIF adapters built straight from the factory (simulator to
 *       {@code emit}, no audit, no SSE).</li>
 * </ol>
 * Run:
 * {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.bench.OnvifDoorBench}.
 * {@code -Dbench.part=lockdown} or {@code events} runs one part only.
 */
public final class OnvifDoorBench {
    private static final String USER = "bench";
    private static final String PASSWORD_SECRET = "BENCH_ONVIF_PASSWORD";
    private static final String ONVIF_SITE = "onvif-site";
    private static final String OSDP_SITE = "osdp-site";
    private static final int ZONES = 5;
    private static final Clock WALL = Clock.systemUTC(); // the simulators' clock (their default) and the client's
    private static final Pattern DEVICE_TIME = Pattern.compile("device time (\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z)");

    public static void main(String[] args) throws Exception {
        GatewayBenchRig.quietLogs();
        int controllers = Integer.getInteger("bench.controllers", 50);
        int perController = Integer.getInteger("bench.doorsPerController", 10);
        int lines = Integer.getInteger("bench.lines", 50);
        int pds = Integer.getInteger("bench.pds", 5);
        int perPd = Integer.getInteger("bench.doorsPerPd", 2);
        int reps = Integer.getInteger("bench.reps", 3);
        int warmup = Integer.getInteger("bench.warmup", 5);
        int rate = Integer.getInteger("bench.rate", 200);
        int eventSeconds = Integer.getInteger("bench.eventSeconds", 20);
        int eventWarmup = Integer.getInteger("bench.eventWarmupSeconds", 5);
        String part = System.getProperty("bench.part", "all");
        boolean doLockdown = !part.equals("events");
        boolean doEvents = !part.equals("lockdown");
        if (perPd > 4) throw new IllegalArgumentException("bench.doorsPerPd: a simulated PD has 4 outputs and 4 inputs");

        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("warden-onvif-door-bench");
        String password = Token.random("onvif", "none").secret();
        Vertx sims = Vertx.vertx();
        Vertx node = Vertx.vertx();
        Vertx client = Vertx.vertx();
        List<OnvifDoorControllerSimulator> onvif = new ArrayList<>();
        List<SimLine> osdp = new ArrayList<>();
        List<Round[]> rounds = new ArrayList<>(); // [onvif, osdp]
        Map<String, Probe> probes = new java.util.LinkedHashMap<>();
        double[] onlineMs = new double[2];
        try {
            progress("starting " + controllers + " simulated ONVIF controllers and " + lines + " simulated OSDP lines");
            for (int c = 0; c < controllers; c++) {
                OnvifDoorControllerSimulator sim = new OnvifDoorControllerSimulator(sims,
                        OnvifDoorControllerSimulator.Config.of("127.0.0.1", USER, password, perController).withPort(0));
                await(sim.start(), GatewayBenchRig.WAIT);
                onvif.add(sim);
            }
            osdp = GatewayBenchRig.startLines(sims, lines, pds);
            Token token = Token.random("bench-lockdown", "lockdown");
            GatewayConfig cfg = ConfigLoader.parse(yaml(onvif, perController, osdp, pds, perPd, token), "onvif-bench.yaml",
                    Gateway.factories().keySet(), Map.of(), dir);
            List<Stimulus> onvifDoors = onvifStimuli(onvif, perController);
            List<Stimulus> osdpDoors = osdpStimuli(osdp, pds, perPd);

            progress("gateway: start, " + cfg.doors().size() + " doors");
            long t0 = System.nanoTime();
            Gateway gateway = await(Gateway.start(node, cfg, Secrets.of(Map.of(PASSWORD_SECRET, password)), 0, Clock.systemUTC()),
                    GatewayBenchRig.WAIT);
            onlineMs[0] = ms(t0);
            GatewayBenchRig.awaitOnline(gateway);
            onlineMs[1] = ms(t0);
            try {
                if (doLockdown) {
                    WebClient web = WebClient.create(client);
                    try {
                        for (int r = 1 - warmup; r <= reps; r++) {
                            progress(r <= 0 ? "lockdown: warm-up" : "lockdown " + r + "/" + reps);
                            // alternate which goes first, so a drift in the machine's load falls on both alike
                            Round a;
                            Round b;
                            if ((r & 1) == 0) {
                                a = lockdown(web, gateway.port(), token.secret(), ONVIF_SITE);
                                b = lockdown(web, gateway.port(), token.secret(), OSDP_SITE);
                            } else {
                                b = lockdown(web, gateway.port(), token.secret(), OSDP_SITE);
                                a = lockdown(web, gateway.port(), token.secret(), ONVIF_SITE);
                            }
                            if (r > 0 || r == 1 - warmup) rounds.add(new Round[] {a, b});
                        }
                    } finally {
                        web.close();
                    }
                }
                if (doEvents) {
                    Probe onvifGw = new Probe();
                    Probe osdpGw = new Probe();
                    SseReader sse = SseReader.open(client, gateway.port(), token.secret(), (door, type, adapterTime, deviceTime, at) -> {
                        (door.startsWith("ov-") ? onvifGw : osdpGw).arrived(door, type, adapterTime, deviceTime, at);
                    });
                    try {
                        progress("events: ONVIF doors at " + rate + "/s through the gateway to SSE");
                        drive(onvifDoors, onvifGw, rate, eventWarmup, eventSeconds);
                        progress("events: OSDP doors at " + rate + "/s through the gateway to SSE");
                        drive(osdpDoors, osdpGw, rate, eventWarmup, eventSeconds);
                    } finally {
                        sse.close();
                    }
                    probes.put("ONVIF, gateway -> SSE", onvifGw);
                    probes.put("OSDP, gateway -> SSE", osdpGw);
                }
            } finally {
                await(gateway.stop(), GatewayBenchRig.WAIT);
            }

            if (doEvents) {
                progress("events: ONVIF adapters without the gateway");
                Probe bare = new Probe();
                List<DeviceAdapter> adapters = new ArrayList<>();
                for (AdapterSpec spec : cfg.adapterSpecs()) {
                    if (!spec.type().equals("onvif")) continue;
                    adapters.add(Gateway.factories().get(spec.type()).create(spec, new ProbeContext(node, bare, password)));
                }
                List<DoorController> doors = new ArrayList<>();
                adapters.forEach(a -> doors.addAll(a.doors()));
                try {
                    await(Future.all(adapters.stream().map(DeviceAdapter::start).toList()), GatewayBenchRig.WAIT);
                    until(() -> doors.stream().allMatch(d -> d.state().online()), "bare ONVIF doors online", GatewayBenchRig.WAIT);
                    drive(onvifDoors, bare, rate, eventWarmup, eventSeconds);
                } finally {
                    await(Future.join(adapters.stream().map(DeviceAdapter::stop).toList()), GatewayBenchRig.WAIT);
                }
                probes.put("ONVIF, adapter emit (bare)", bare);
            }
        } finally {
            for (OnvifDoorControllerSimulator s : onvif) {
                try {
                    await(s.stop(), GatewayBenchRig.WAIT);
                } catch (Exception | AssertionError e) {
                    System.err.println("stopping simulator: " + e);
                }
            }
            GatewayBenchRig.closeLines(osdp);
            await(client.close(), GatewayBenchRig.WAIT);
            await(node.close(), GatewayBenchRig.WAIT);
            await(sims.close(), GatewayBenchRig.WAIT);
            AuditBenchData.deleteTree(dir);
        }
        print(controllers, perController, lines, pds, perPd, reps, rate, eventSeconds, onlineMs, rounds, probes,
                Duration.ofNanos(System.nanoTime() - started));
    }

    // ---- config ----

    static String onvifDoorId(int controller, int door) {
        return "ov-%02d-%02d".formatted(controller, door);
    }

    private static String yaml(List<OnvifDoorControllerSimulator> onvif, int perController, List<SimLine> osdp, int pds, int perPd,
                               Token token) {
        StringBuilder y = new StringBuilder("http: {host: 127.0.0.1, port: 8080, instances: ")
                .append(Runtime.getRuntime().availableProcessors()).append("}\ndataDir: data\nsites:\n");
        for (String site : List.of(ONVIF_SITE, OSDP_SITE)) {
            y.append("  - id: ").append(site).append("\n    zones:\n");
            for (int z = 0; z < ZONES; z++) y.append("      - {id: ").append(site).append("-z").append(z).append("}\n");
        }
        y.append("controllers:\n");
        for (int c = 0; c < onvif.size(); c++) {
            y.append("  - {id: onvif-%02d, type: onvif, options: {host: 127.0.0.1, port: %d, username: %s, passwordSecret: %s}}\n"
                    .formatted(c, onvif.get(c).httpPort(), USER, PASSWORD_SECRET));
        }
        GatewayBenchRig.osdpControllers(y, osdp, pds);
        y.append("doors:\n");
        for (int c = 0; c < onvif.size(); c++) {
            for (int d = 1; d <= perController; d++) {
                y.append("  - {id: %s, site: %s, zone: %s-z%d, controller: onvif-%02d, point: {token: Door_%d}}\n"
                        .formatted(onvifDoorId(c, d), ONVIF_SITE, ONVIF_SITE, c % ZONES, c, d));
            }
        }
        for (int l = 0; l < osdp.size(); l++) {
            for (int a = 1; a <= pds; a++) {
                for (int s = 0; s < perPd; s++) {
                    y.append("  - {id: %s, site: %s, zone: %s-z%d, controller: line-%03d,".formatted(
                                    GatewayBenchRig.doorId(l, a, s), OSDP_SITE, OSDP_SITE, l % ZONES, l))
                            .append(" point: {address: %d, strike: %d, contact: %d, reader: -1}}\n".formatted(a, s, s));
                }
            }
        }
        y.append("tokens:\n").append(token.yaml());
        return y.toString();
    }

    // ---- lockdown ----

    /** One lockdown of {@code site} through the API, then its release; per-door latencies from the report. */
    private static Round lockdown(WebClient web, int port, String token, String site) throws Exception {
        Round round = GatewayBenchRig.lockdownOverHttp(web, port, token, site);
        Thread.sleep(300); // let the release's last confirmations settle before the next lockdown
        return round;
    }

    // ---- events ----

    /** One door's contact, at its simulator; {@link #set} returns at once (the simulator takes it from there). */
    interface Stimulus {
        String door();

        void set(boolean open);
    }

    private static List<Stimulus> onvifStimuli(List<OnvifDoorControllerSimulator> sims, int perController) {
        List<Stimulus> out = new ArrayList<>();
        // interleaved over the controllers, so consecutive changes go to different devices
        for (int d = 1; d <= perController; d++) {
            for (int c = 0; c < sims.size(); c++) {
                OnvifDoorControllerSimulator sim = sims.get(c);
                String id = onvifDoorId(c, d);
                String token = "Door_" + d;
                out.add(new Stimulus() {
                    public String door() {
                        return id;
                    }

                    public void set(boolean open) {
                        // on the simulator's context, so the caller does not wait for it (as OSDP's setInput)
                        sim.context().runOnContext(v -> sim.setContact(token, open));
                    }
                });
            }
        }
        return out;
    }

    private static List<Stimulus> osdpStimuli(List<SimLine> lines, int pds, int perPd) {
        List<Stimulus> out = new ArrayList<>();
        for (int s = 0; s < perPd; s++) {
            for (int a = 1; a <= pds; a++) {
                for (int l = 0; l < lines.size(); l++) {
                    var pd = lines.get(l).simulator().pd(a);
                    String id = GatewayBenchRig.doorId(l, a, s);
                    int input = s;
                    out.add(new Stimulus() {
                        public String door() {
                            return id;
                        }

                        public void set(boolean open) {
                            pd.setInput(input, open);
                        }
                    });
                }
            }
        }
        return out;
    }

    /**
     * {@code rate} contact changes a second from this thread, round-robin over {@code doors}: the first
     * {@code warmupSeconds} unmeasured, then {@code seconds} measured; then waits until every change has
     * arrived (or 30 s), and leaves every door closed.
     */
    private static void drive(List<Stimulus> doors, Probe probe, int rate, int warmupSeconds, int seconds) throws InterruptedException {
        long idleFrom = System.nanoTime();
        long idleCpu = cpuNanos();
        Thread.sleep(3000); // what the process costs with nothing happening at the doors (polls, pull points, health)
        probe.idleCores = (double) (cpuNanos() - idleCpu) / (System.nanoTime() - idleFrom);
        boolean[] open = new boolean[doors.size()];
        long period = 1_000_000_000L / rate;
        long total = (long) rate * (warmupSeconds + seconds);
        long warm = (long) rate * warmupSeconds;
        long start = System.nanoTime();
        long late = 0;
        long measuredFrom = start;
        long cpuFrom = cpuNanos();
        for (long i = 0; i < total; i++) {
            if (i == warm) {
                measuredFrom = System.nanoTime();
                cpuFrom = cpuNanos();
            }
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            else if (-wait > period) late++;
            int k = (int) (i % doors.size());
            open[k] = !open[k];
            Stimulus s = doors.get(k);
            probe.sent(s.door(), open[k] ? "door.opened" : "door.closed", i >= warm);
            s.set(open[k]);
        }
        long wall = System.nanoTime() - measuredFrom;
        probe.sentPerSecond = (total - warm) / (wall / 1e9);
        probe.cpuCores = (double) (cpuNanos() - cpuFrom) / wall;
        probe.lateSends = late;
        waitFor(probe::settled, "every contact change arrived", Duration.ofSeconds(30), probe);
        for (int k = 0; k < doors.size(); k++) {
            if (open[k]) {
                probe.sent(doors.get(k).door(), "door.closed", false);
                doors.get(k).set(false);
            }
        }
        waitFor(probe::settled, "every door closed again", Duration.ofSeconds(30), probe);
    }

    private static void waitFor(java.util.function.BooleanSupplier ok, String what, Duration within, Probe probe) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > end) {
                System.err.println("gave up waiting: " + what + " (" + probe.pendingCount() + " not arrived)");
                return;
            }
            Thread.sleep(50);
        }
    }

    /**
     * Matches what arrives to what was sent: per door and event type, in order (a door changes every
     * doors/rate seconds, far longer than any latency here). Latency in microseconds from the change
     * (the wall clock read just before the simulator was told) and, when the event carries the device's
     * own stamp ({@code device time} in the audit detail), from that stamp.
     */
    static final class Probe {
        private record Sent(long atMicros, boolean measured) {}

        private final Map<String, ArrayDeque<Sent>> pending = new HashMap<>();
        private final List<Long> fromChange = new ArrayList<>();
        private final List<Long> fromDevice = new ArrayList<>();
        private final List<Long> deviceMinusChange = new ArrayList<>();
        private final List<Long> toAdapter = new ArrayList<>();
        private final List<Long> afterAdapter = new ArrayList<>();
        private int unexpected;
        private int pendingMeasured;
        volatile double sentPerSecond;
        volatile double cpuCores;
        volatile double idleCores;
        volatile long lateSends;

        synchronized void sent(String door, String type, boolean measured) {
            pending.computeIfAbsent(door + " " + type, k -> new ArrayDeque<>()).add(new Sent(micros(WALL.instant()), measured));
            if (measured) pendingMeasured++;
        }

        synchronized void arrived(String door, String type, Instant adapterTime, Instant deviceTime, Instant at) {
            if (!type.equals("door.opened") && !type.equals("door.closed")) return;
            ArrayDeque<Sent> q = pending.get(door + " " + type);
            Sent s = q == null ? null : q.poll();
            if (s == null) {
                unexpected++;
                return;
            }
            if (!s.measured()) return;
            pendingMeasured--;
            long now = micros(at);
            fromChange.add(now - s.atMicros());
            toAdapter.add(micros(adapterTime) - s.atMicros());
            afterAdapter.add(now - micros(adapterTime));
            if (deviceTime != null) {
                fromDevice.add(now - micros(deviceTime));
                deviceMinusChange.add(micros(deviceTime) - s.atMicros());
            }
        }

        synchronized boolean settled() {
            return pending.values().stream().allMatch(ArrayDeque::isEmpty);
        }

        synchronized int pendingCount() {
            return pending.values().stream().mapToInt(ArrayDeque::size).sum();
        }

        synchronized long[] fromChange() {
            return sorted(fromChange);
        }

        synchronized long[] fromDevice() {
            return sorted(fromDevice);
        }

        synchronized long[] toAdapter() {
            return sorted(toAdapter);
        }

        synchronized long[] afterAdapter() {
            return sorted(afterAdapter);
        }

        synchronized long[] deviceMinusChange() {
            return sorted(deviceMinusChange);
        }

        synchronized int missing() {
            return pendingMeasured;
        }

        synchronized int unexpected() {
            return unexpected;
        }

        private static long[] sorted(List<Long> v) {
            long[] a = v.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            return a;
        }
    }

    /** CPU time of this whole process (simulators, gateway, client): what each phase costs. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    interface Arrival {
        void arrived(String door, String type, Instant adapterTime, Instant deviceTime, Instant at);
    }

    /** An SSE client that parses as bytes arrive and stamps each event with the wall clock of its chunk's arrival. */
    static final class SseReader {
        private final HttpClient http;
        private final HttpClientResponse response;
        private final StringBuilder text = new StringBuilder();
        private final Arrival sink;

        private SseReader(HttpClient http, RequestOptions o, Arrival sink) {
            this.http = http;
            this.sink = sink;
            this.response = await(http.request(o).compose(req -> req.send()).map(res -> {
                res.handler(b -> chunk(b.toString(), WALL.instant()));
                return res;
            }), GatewayBenchRig.WAIT);
            if (response.statusCode() != 200) throw new IllegalStateException("GET /api/v1/events: HTTP " + response.statusCode());
        }

        static SseReader open(Vertx vertx, int port, String token, Arrival sink) {
            RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                    .setURI("/api/v1/events?type=door.").putHeader("Authorization", "Bearer " + token)
                    .putHeader("Accept", "text/event-stream");
            return new SseReader(vertx.createHttpClient(), o, sink);
        }

        private void chunk(String s, Instant at) {
            text.append(s);
            int end;
            while ((end = text.indexOf("\n\n")) >= 0) {
                String block = text.substring(0, end);
                text.delete(0, end + 2);
                for (String line : block.split("\n")) {
                    if (!line.startsWith("data: ")) continue;
                    JsonObject d = new JsonObject(line.substring(6));
                    String door = d.getString("door");
                    if (door != null) {
                        sink.arrived(door, d.getString("type"), Instant.parse(d.getString("time")), deviceTime(d.getString("detail")), at);
                    }
                }
            }
        }

        void close() {
            response.request().connection().close();
            await(http.close(), GatewayBenchRig.WAIT);
        }
    }

    static Instant deviceTime(String detail) {
        if (detail == null) return null;
        Matcher m = DEVICE_TIME.matcher(detail);
        if (!m.find()) return null;
        try {
            return Instant.parse(m.group(1));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The context of the bare ONVIF adapters: hands each door event to the probe with its device time. */
    record ProbeContext(Vertx vertx, Probe probe, String password) implements AdapterContext {
        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public void emit(DeviceEvent event) {
            emit(event, null);
        }

        @Override
        public void emit(DeviceEvent event, Instant deviceTime) {
            Instant at = WALL.instant();
            if (event.doorId() != null) probe.arrived(event.doorId(), event.type(), event.time(), deviceTime, at);
        }

        @Override
        public void health(String deviceId, DeviceHealth health) {}

        @Override
        public Optional<String> secret(String reference) {
            return PASSWORD_SECRET.equals(reference) ? Optional.of(password) : Optional.empty();
        }
    }

    // ---- report ----

    private static String msOf(long micros) {
        return micros == -1 ? "-" : "%.1f".formatted(micros / 1000.0); // -1: pct of nothing
    }

    private static void print(int controllers, int perController, int lines, int pds, int perPd, int reps, int rate, int eventSeconds,
                              double[] onlineMs, List<Round[]> rounds, Map<String, Probe> probes, Duration took) {
        int onvifDoors = controllers * perController;
        int osdpDoors = lines * pds * perPd;
        System.out.printf("%nWarden ONVIF door controllers beside OSDP: %,d doors on %d simulated ONVIF Profile C controllers (%d each, "
                + "HTTP/SOAP), %,d doors on %d simulated OSDP lines (%d PDs x %d doors), one gateway, loopback%n",
                onvifDoors, controllers, perController, osdpDoors, lines, pds, perPd);
        System.out.println(GatewayBenchRig.machine(took));
        System.out.printf("online: Gateway.start returned %.0f ms, all %,d doors online %.0f ms%n", onlineMs[0], onvifDoors + osdpDoors, onlineMs[1]);
        if (!rounds.isEmpty()) {
            System.out.printf("%nLockdown of a site: POST /api/v1/lockdowns -> 201 (every door confirmed); p50/p99/max: per-door latencyMs%n");
            System.out.printf("%-4s | %-9s %6s %6s %6s  %-22s | %-9s %6s %6s %6s  %-22s | %-28s%n", "rep", "onvif ms", "p50", "p99", "max",
                    "statuses", "osdp ms", "p50", "p99", "max", "statuses", "onvif/osdp: all, p50, p99");
            int cold = rounds.size() - reps;
            for (int i = 0; i < rounds.size(); i++) {
                Round o = rounds.get(i)[0];
                Round b = rounds.get(i)[1];
                String label = i < cold ? "cold" : String.valueOf(i + 1 - cold);
                System.out.printf("%-4s | %s | %s | %5.2f x %5.2f x %5.2f x%n", label, o.cells(), b.cells(), o.wallMs() / b.wallMs(),
                        ratio(GatewayBenchRig.pct(o.doorMs(), 0.5), GatewayBenchRig.pct(b.doorMs(), 0.5)),
                        ratio(GatewayBenchRig.pct(o.doorMs(), 0.99), GatewayBenchRig.pct(b.doorMs(), 0.99)));
            }
            double oMed = median(rounds.stream().skip(cold).mapToDouble(r -> r[0].wallMs()).toArray());
            double bMed = median(rounds.stream().skip(cold).mapToDouble(r -> r[1].wallMs()).toArray());
            System.out.printf("median of reps 1-%d: ONVIF %.0f ms, OSDP %.0f ms, ratio %.2f x%n", reps, oMed, bMed, oMed / bMed);
        }
        if (!probes.isEmpty()) {
            System.out.printf("%nDoor event latency at %d contact changes/s, %d s measured: change at the simulator -> arrival (ms)%n", rate, eventSeconds);
            System.out.printf("%-28s | %6s %4s %5s | %7s %7s %7s | %-17s | %7s %7s | %-15s | %-15s | %-15s | %s%n", "path", "events", "miss",
                    "extra", "p50", "p99", "max", "vs OSDP p50, p99", "dev p50", "dev p99", "stamp-change", "to adapter", "adapter->client",
                    "sent/s, cpu");
            Probe osdp = probes.get("OSDP, gateway -> SSE");
            for (var e : probes.entrySet()) {
                Probe p = e.getValue();
                long[] a = p.fromChange();
                long[] dev = p.fromDevice();
                long[] skew = p.deviceMinusChange();
                String vs = osdp == null || osdp.fromChange().length == 0 || a.length == 0 ? "-"
                        : "%5.2f x %5.2f x".formatted(
                                ratio(GatewayBenchRig.pct(a, 0.5), GatewayBenchRig.pct(osdp.fromChange(), 0.5)),
                                ratio(GatewayBenchRig.pct(a, 0.99), GatewayBenchRig.pct(osdp.fromChange(), 0.99)));
                long[] in = p.toAdapter();
                long[] out = p.afterAdapter();
                System.out.printf("%-28s | %6d %4d %5d | %7s %7s %7s | %-17s | %7s %7s | %-15s | %-15s | %-15s | %.0f (%d late), %.2f cores (idle %.2f)%n",
                        e.getKey(), a.length,
                        p.missing(), p.unexpected(), msOf(GatewayBenchRig.pct(a, 0.5)), msOf(GatewayBenchRig.pct(a, 0.99)),
                        msOf(GatewayBenchRig.pct(a, 1.0)), vs, dev.length == 0 ? "-" : msOf(GatewayBenchRig.pct(dev, 0.5)),
                        dev.length == 0 ? "-" : msOf(GatewayBenchRig.pct(dev, 0.99)),
                        skew.length == 0 ? "-" : msOf(GatewayBenchRig.pct(skew, 0.5)) + " / " + msOf(GatewayBenchRig.pct(skew, 0.99)),
                        msOf(GatewayBenchRig.pct(in, 0.5)) + " / " + msOf(GatewayBenchRig.pct(in, 0.99)),
                        msOf(GatewayBenchRig.pct(out, 0.5)) + " / " + msOf(GatewayBenchRig.pct(out, 0.99)),
                        p.sentPerSecond, p.lateSends, p.cpuCores, p.idleCores);
            }
            Probe bare = probes.get("ONVIF, adapter emit (bare)");
            Probe gw = probes.get("ONVIF, gateway -> SSE");
            if (bare != null && gw != null && bare.fromChange().length > 0 && gw.fromChange().length > 0) {
                System.out.printf("ONVIF through the gateway vs the bare adapter: p50 %.2f x, p99 %.2f x%n",
                        ratio(GatewayBenchRig.pct(gw.fromChange(), 0.5), GatewayBenchRig.pct(bare.fromChange(), 0.5)),
                        ratio(GatewayBenchRig.pct(gw.fromChange(), 0.99), GatewayBenchRig.pct(bare.fromChange(), 0.99)));
            }
        }
        System.out.println("""
                onvif/osdp ms: the lockdown request sent -> 201 received; the report lists every door confirmed, so this is
                  the time until the last door was confirmed. p50/p99/max: the report's per-door latencyMs (from the lockdown's
                  start). ONVIF: LockDownDoor, then GetDoorState (or the DoorMode event) shows LockedDown; OSDP: OUT -> ACK,
                  OSTAT -> OSTATR, one request in flight per line. Each site is its own lockdown, one after the other, the
                  order alternating per round; released between rounds. cold: the first round; bench.warmup - 1 unshown follow.
                events: door.opened / door.closed measured; each change of a locked door's contact to open also makes a
                  door.forced (not measured, but carried). Latency from the wall clock read just before the simulator is
                  told (the simulators run on the same clock) to the arrival at the SSE client (gateway rows: audited durably,
                  then streamed) or at the adapter's emit (bare row). dev p50/p99: from the device's own stamp (ONVIF UtcTime,
                  shown when the event carries it); stamp-change: that stamp minus the change time (p50 / p99). to adapter /
                  adapter->client (p50 / p99): split at the event's time, which the adapter stamps with the gateway clock when
                  it takes the event (for the gateway rows: the audit trail and the stream after it). miss: measured changes
                  that never arrived within 30 s; extra: events with no matching change. sent/s: achieved (late: sends more
                  than one period behind schedule, the sending thread starved); cpu: CPU of the whole process (simulators,
                  gateway, client) per second while measured (idle: the 3 s before the phase). Simulators, gateway and client share the cores.""");
    }

    private static double ratio(long a, long b) {
        return b <= 0 ? Double.NaN : (double) a / b;
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
