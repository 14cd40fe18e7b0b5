package io.warden.gateway.bench;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.gateway.Gateway;
import io.warden.gateway.config.ConfigLoader;
import io.warden.gateway.config.GatewayConfig;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the gateway benches share: simulated OSDP lines served over loopback TCP, a generated
 * gateway config for them (one site, doors spread over zones, one token per role asked for),
 * waiting, percentiles and the table header. Plain threads only: every method blocks.
 */
final class GatewayBenchRig {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String SITE = "bench-district";

    private GatewayBenchRig() {}

    /** Quiet logs (warn) unless the caller chose a level; call before anything logs. */
    static void quietLogs() {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
    }

    /** One simulated line: PDs at addresses 1..n, defaults (4 inputs, 4 outputs, 1 reader), no pacing. */
    record SimLine(OsdpPdSimulator simulator, int port) {}

    static List<SimLine> startLines(Vertx vertx, int lines, int pdsPerLine) throws Exception {
        List<SimLine> out = new ArrayList<>();
        for (int l = 0; l < lines; l++) {
            List<OsdpPdConfig> pds = new ArrayList<>();
            for (int a = 1; a <= pdsPerLine; a++) pds.add(OsdpPdConfig.defaults(a));
            OsdpPdSimulator sim = await(OsdpPdSimulator.start(vertx, OsdpPdSimulator.Options.DEFAULT, pds), WAIT);
            out.add(new SimLine(sim, await(sim.serveTcp("127.0.0.1", 0), WAIT)));
        }
        return out;
    }

    static void closeLines(List<SimLine> lines) {
        for (SimLine l : lines) {
            try {
                await(l.simulator().close(), WAIT);
            } catch (Exception | AssertionError e) {
                System.err.println("closing simulator: " + e);
            }
        }
    }

    /** A token (random) and the config line naming its hash. */
    record Token(String name, String role, String secret) {
        static Token random(String name, String role) {
            byte[] b = new byte[24];
            new SecureRandom().nextBytes(b);
            return new Token(name, role, HexFormat.of().formatHex(b));
        }

        String yaml() {
            return "  - {name: %s, role: %s, sha256: %s}\n".formatted(name, role, sha256Hex(secret));
        }
    }

    /**
     * A config for {@code lines} controllers (line-000...), {@code pds} PDs each, {@code doorsPerPd} doors
     * per PD on strikes 0..n-1 with no contact, REX or reader; line i's doors are in zone i % zones.
     * Door ids: {@code d-<line>-<pd>-<strike>}. Data in {@code dir}/data.
     */
    static GatewayConfig config(Path dir, List<SimLine> lines, int pds, int doorsPerPd, int zones, List<Token> tokens) {
        return config(dir, lines, pds, doorsPerPd, zones, tokens, Runtime.getRuntime().availableProcessors());
    }

    /** As above, the API on {@code instances} event loops. */
    static GatewayConfig config(Path dir, List<SimLine> lines, int pds, int doorsPerPd, int zones, List<Token> tokens, int instances) {
        return config(dir, lines, pds, doorsPerPd, zones, tokens, instances, "");
    }

    /** As above, with {@code moreYaml} (top-level sections, e.g. {@code console:}) appended. */
    static GatewayConfig config(Path dir, List<SimLine> lines, int pds, int doorsPerPd, int zones, List<Token> tokens, int instances,
                                String moreYaml) {
        return config(dir, lines, pds, doorsPerPd, zones, tokens, instances, moreYaml, Map.of());
    }

    /** As above, with {@code env} (the environment the config's secrets are resolved from). */
    static GatewayConfig config(Path dir, List<SimLine> lines, int pds, int doorsPerPd, int zones, List<Token> tokens, int instances,
                                String moreYaml, Map<String, String> env) {
        StringBuilder y = new StringBuilder("http: {host: 127.0.0.1, port: 8080, instances: " + instances + "}\ndataDir: data\n");
        y.append("sites:\n  - id: ").append(SITE).append("\n    zones:\n");
        for (int z = 0; z < zones; z++) y.append("      - {id: zone-").append(z).append("}\n");
        y.append("controllers:\n");
        osdpControllers(y, lines, pds);
        y.append("doors:\n");
        for (int l = 0; l < lines.size(); l++) {
            for (int a = 1; a <= pds; a++) {
                for (int s = 0; s < doorsPerPd; s++) {
                    y.append("  - {id: %s, site: %s, zone: zone-%d, controller: line-%03d,".formatted(doorId(l, a, s), SITE, l % zones, l))
                            .append(" point: {address: %d, strike: %d, reader: -1}}\n".formatted(a, s));
                }
            }
        }
        y.append("tokens:\n");
        tokens.forEach(t -> y.append(t.yaml()));
        y.append(moreYaml);
        return ConfigLoader.parse(y.toString(), "bench.yaml", Gateway.factories().keySet(), env, dir);
    }

    /** The controllers entries (YAML) for the lines: line-000..., PDs at addresses 1..pds. */
    static void osdpControllers(StringBuilder y, List<SimLine> lines, int pds) {
        for (int l = 0; l < lines.size(); l++) {
            y.append("  - id: line-%03d\n    type: osdp\n    options:\n      transport: tcp\n      host: 127.0.0.1\n".formatted(l));
            y.append("      port: ").append(lines.get(l).port()).append("\n      devices:\n");
            for (int a = 1; a <= pds; a++) y.append("        - {address: ").append(a).append("}\n");
        }
    }

    static String doorId(int line, int pd, int strike) {
        return "d-%03d-%d-%d".formatted(line, pd, strike);
    }

    /** Every configured door reports online, else fails after {@link #WAIT}. */
    static void awaitOnline(Gateway gateway) throws InterruptedException {
        until(() -> gateway.doors().doors(null, null).stream().allMatch(v -> v.state().online()), "all doors online", WAIT);
    }

    /** One round: wall time until the last door answered, per-door latencies (ms), statuses. */
    /** @param problems doors not confirmed, counted by "status: detail" (empty when every door was) */
    record Round(double wallMs, long[] doorMs, Map<String, Integer> statuses, Map<String, Integer> problems) {
        Round(double wallMs, long[] doorMs, Map<String, Integer> statuses) {
            this(wallMs, doorMs, statuses, Map.of());
        }

        String cells() {
            return "%9.0f %6d %6d %6d  %-22s".formatted(wallMs, pct(doorMs, 0.50), pct(doorMs, 0.99), pct(doorMs, 1.0), statuses);
        }

        /** From the last door's answer to the response (the gateway's report, saved and audited, then sent). */
        double tailMs() {
            return wallMs - pct(doorMs, 1.0);
        }
    }

    /** One lockdown of {@code site} through the API, then its release; per-door latencies from the report. */
    static Round lockdownOverHttp(WebClient web, int port, String token, String site) throws Exception {
        return lockdownOverHttp(web, port, token, new JsonObject().put("site", site), false);
    }

    /** One lockdown of {@code scope} ({@code {"site": id}}, {@code {"zone": id}}...) through the API, then its release. */
    static Round lockdownOverHttp(WebClient web, int port, String token, JsonObject scope, boolean drill) throws Exception {
        JsonObject body = new JsonObject().put("level", "lockdown").put("reason", "bench").put("scope", scope).put("drill", drill);
        long t0 = System.nanoTime();
        HttpResponse<?> res = await(web.post(port, "127.0.0.1", "/api/v1/lockdowns").putHeader("Authorization", "Bearer " + token)
                .timeout(WAIT.toMillis()).sendJsonObject(body), WAIT);
        double wall = ms(t0);
        if (res.statusCode() != 201) throw new IllegalStateException("lockdown " + scope + ": HTTP " + res.statusCode() + " " + res.bodyAsString());
        JsonObject report = res.bodyAsJsonObject();
        var doors = report.getJsonArray("doors");
        long[] lat = new long[doors.size()];
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> problems = new TreeMap<>();
        for (int i = 0; i < doors.size(); i++) {
            JsonObject d = doors.getJsonObject(i);
            lat[i] = d.getLong("latencyMs");
            statuses.merge(d.getString("status"), 1, Integer::sum);
            if (!"confirmed".equals(d.getString("status"))) problems.merge(d.getString("status") + ": " + d.getString("detail"), 1, Integer::sum);
        }
        Arrays.sort(lat);
        HttpResponse<?> rel = await(web.post(port, "127.0.0.1", "/api/v1/lockdowns/" + report.getString("id") + "/release")
                .putHeader("Authorization", "Bearer " + token).timeout(WAIT.toMillis()).send(), WAIT);
        if (rel.statusCode() != 200) throw new IllegalStateException("release " + scope + ": HTTP " + rel.statusCode() + " " + rel.bodyAsString());
        return new Round(wall, lat, statuses, problems);
    }

    /** Milliseconds since {@code since} (a {@link System#nanoTime()}). */
    static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    /** Nearest-rank percentile of sorted values. */
    static long pct(long[] sorted, double q) {
        if (sorted.length == 0) return -1;
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line under every table: date, cores, CPU, Java, OS, wall time, load average (other work on the machine). */
    static String machine(Duration took) {
        return "date %s | %d cores, %s | Java %s (%s) | %s %s | bench took %d s | loadavg %s".formatted(
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.version"), System.getProperty("java.vm.name"), System.getProperty("os.name"),
                System.getProperty("os.arch"), took.toSeconds(), loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("cpu unknown");
        } catch (IOException e) {
            return "cpu unknown";
        }
    }

    static void progress(String what) {
        System.err.printf("%tT %s...%n", System.currentTimeMillis(), what);
    }

    /** An adapter context that drops events and health: the baseline reads door state directly. */
    record QuietContext(Vertx vertx) implements AdapterContext {
        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public void emit(DeviceEvent event) {}

        @Override
        public void health(String deviceId, DeviceHealth health) {}

        @Override
        public Optional<String> secret(String reference) {
            return Optional.empty();
        }
    }
}
