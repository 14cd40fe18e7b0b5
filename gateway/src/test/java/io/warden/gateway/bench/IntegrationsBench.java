package io.warden.gateway.bench;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static io.warden.gateway.bench.GatewayBenchRig.pct;
import static io.warden.gateway.bench.GatewayBenchRig.progress;

import com.sun.management.OperatingSystemMXBean;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.warden.gateway.Gateway;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.bench.EventReceipts.Summary;
import io.warden.gateway.bench.GatewayBenchRig.SimLine;
import io.warden.gateway.bench.GatewayBenchRig.Token;
import io.warden.gateway.bench.IntegrationsBenchReceivers.MqttReader;
import io.warden.gateway.bench.IntegrationsBenchReceivers.WebhookReceiver;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.integrations.mqtt.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Integrations throughput and latency beside the SSE stream, in one run: a gateway (one simulated OSDP line over
 * loopback TCP, 1 PD, 2 doors) with the MQTT bridge to a broker ({@code bench.mqttHost}:{@code bench.mqttPort},
 * default the machine's Mosquitto at 127.0.0.1:1883, under a random base topic) and one webhook to a local Vert.x
 * receiver that answers 200 at once, while an SSE client follows {@code GET /api/v1/events}. Two MQTT subscribers
 * read the events, one at QoS 1 and one at QoS 0: the broker delivers to them differently (see
 * {@link MqttReader}), which tells its delivery policy apart from the bridge.
 *
 * <p>An event is a {@code door.forced} record as the gateway writes one for a device event (actor the device,
 * the door's site, zone and door), appended to the gateway's own audit store at a steady {@code bench.rate}
 * (1000) per second for {@code bench.warmup} (10) s unmeasured and {@code bench.seconds} (20) s measured: the same
 * {@code AuditStore.append} the device event path ends in, without the OSDP decode before it (a simulated line
 * cannot raise a thousand forced doors a second, and everything downstream of the commit is what is compared).
 * Each event's number is in its detail; each far end notes the time a record arrives. Latency = the append call
 * → the receipt, so every path includes the durable commit (shown on its own line too). Lost = committed to
 * the trail but never received within {@code bench.drain} (30) s after the last append. Each path's worst latency
 * per second of the load shows where it stalled: a cold webhook client builds a backlog of a few seconds in the
 * first seconds, which it works off at four POSTs in flight, hence the 10 s warm-up.
 *
 * <p>Run:
 * {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.bench.IntegrationsBench}.
 */
public final class IntegrationsBench {
    private static final String SECRET_NAME = "BENCH_WEBHOOK_SECRET";

    /** What was offered: per event the append call and its completion ({@link EventReceipts#now()}; 0 = failed). */
    record Offered(long[] appendedAt, long[] committedAt, int failed) {
        double rate() {
            return (appendedAt.length - 1) / ((appendedAt[appendedAt.length - 1] - appendedAt[0]) / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        GatewayBenchRig.quietLogs();
        int rate = Integer.getInteger("bench.rate", 1000);
        int warmup = Integer.getInteger("bench.warmup", 10);
        int seconds = Integer.getInteger("bench.seconds", 20);
        int drain = Integer.getInteger("bench.drain", 30);
        String mqttHost = System.getProperty("bench.mqttHost", "127.0.0.1");
        int mqttPort = Integer.getInteger("bench.mqttPort", 1883);
        int total = rate * (warmup + seconds);
        int measuredFrom = rate * warmup;
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("warden-integrations-bench");
        Vertx sims = Vertx.vertx();
        Vertx node = Vertx.vertx();
        Vertx peers = Vertx.vertx();
        Vertx load = Vertx.vertx();
        List<SimLine> lines = new ArrayList<>();
        Topics topics = new Topics("bench-" + randomHex(6));
        String secret = randomHex(32);
        EventReceipts sse = new EventReceipts("SSE GET /api/v1/events", total);
        EventReceipts mqtt1 = new EventReceipts("MQTT, subscriber at QoS 1", total);
        EventReceipts mqtt0 = new EventReceipts("MQTT, subscriber at QoS 0", total);
        EventReceipts hook = new EventReceipts("webhook POST (200 at once)", total);
        AtomicInteger sseEnds = new AtomicInteger();
        MqttReader reader1 = new MqttReader(peers, topics, mqtt1, MqttQoS.AT_LEAST_ONCE);
        MqttReader reader0 = new MqttReader(peers, topics, mqtt0, MqttQoS.AT_MOST_ONCE);
        WebhookReceiver receiver = new WebhookReceiver(secret, hook);
        HttpClientAgent http = peers.createHttpClient(new HttpClientOptions().setKeepAlive(true));
        Gateway gateway = null;
        Offered offered;
        boolean bridgeOnline;
        int streamEnds;
        double[] busy; // this JVM's CPU seconds, wall seconds: from the first append to the end of the drain
        List<IntegrationSink.SinkStatus> sinks = List.of();
        try {
            lines = GatewayBenchRig.startLines(sims, 1, 1);
            int hookPort = await(receiver.listen(peers), GatewayBenchRig.WAIT);
            await(reader1.start(mqttHost, mqttPort), GatewayBenchRig.WAIT);
            await(reader0.start(mqttHost, mqttPort), GatewayBenchRig.WAIT);
            Token viewer = Token.random("bench-viewer", "viewer");
            String integrations = """
                    integrations:
                      mqtt: {host: %s, port: %d, clientId: warden-%s, baseTopic: %s}
                      webhooks:
                        - {id: bench, url: "http://127.0.0.1:%d/hook", events: [door.], site: %s, secret: %s, timeoutSeconds: 10, retryForSeconds: 60}
                    """.formatted(mqttHost, mqttPort, topics.base(), topics.base(), hookPort, GatewayBenchRig.SITE, SECRET_NAME);
            GatewayConfig cfg = GatewayBenchRig.config(dir, lines, 1, 2, 1, List.of(viewer), Runtime.getRuntime().availableProcessors(),
                    integrations, Map.of(SECRET_NAME, secret));
            progress("gateway: start, MQTT base topic " + topics.base() + ", webhook on port " + hookPort);
            gateway = await(Gateway.start(node, cfg, cfg.secrets(), 0, Clock.systemUTC()), GatewayBenchRig.WAIT);
            GatewayBenchRig.awaitOnline(gateway);
            await(IntegrationsBenchReceivers.sse(http, gateway.port(), viewer.secret(), sse, sseEnds), GatewayBenchRig.WAIT);
            bridgeOnline = waitOnline(reader1);
            progress("offer: %d events/s, %d s warm-up + %d s measured".formatted(rate, warmup, seconds));
            long cpu0 = cpuNanos();
            long wall0 = System.nanoTime();
            offered = offer(load, gateway.audit(), total, rate, GatewayBenchRig.SITE, GatewayBenchRig.doorId(0, 1, 0));
            progress("drain: up to " + drain + " s");
            drainWait(offered, drain, sse, mqtt1, mqtt0, hook);
            busy = new double[] {(cpuNanos() - cpu0) / 1e9, (System.nanoTime() - wall0) / 1e9};
            sinks = await(gateway.integrations().status(), GatewayBenchRig.WAIT);
            streamEnds = sseEnds.get(); // before the gateway stops, which ends the stream
        } finally {
            await(http.close(), GatewayBenchRig.WAIT);
            if (gateway != null) await(gateway.stop(), GatewayBenchRig.WAIT);
            clearRetained(reader1);
            await(reader1.close(), GatewayBenchRig.WAIT);
            await(reader0.close(), GatewayBenchRig.WAIT);
            await(receiver.close(), GatewayBenchRig.WAIT);
            GatewayBenchRig.closeLines(lines);
            for (Vertx v : List.of(load, peers, node, sims)) await(v.close(), GatewayBenchRig.WAIT);
            AuditBenchData.deleteTree(dir);
        }
        List<Summary> paths = List.of(sse.summary(offered.appendedAt(), offered.committedAt(), measuredFrom),
                mqtt1.summary(offered.appendedAt(), offered.committedAt(), measuredFrom),
                mqtt0.summary(offered.appendedAt(), offered.committedAt(), measuredFrom),
                hook.summary(offered.appendedAt(), offered.committedAt(), measuredFrom));
        print(paths, commits(offered, measuredFrom), offered, rate, warmup, seconds, Duration.ofNanos(System.nanoTime() - started));
        System.out.printf("""
                MQTT: broker %s:%d, bridge QoS 1, base topic %s, bridge online before the load: %s. Webhook: %d bad signatures.
                SSE: the stream ended %d times (a client too slow for the trail is dropped by the API).
                """, mqttHost, mqttPort, topics.base(), bridgeOnline, receiver.badSignatures(), streamEnds);
        for (IntegrationSink.SinkStatus s : sinks) {
            System.out.printf("sink %-14s connected=%s delivered=%d dropped=%d queued=%d lastError=%s%n", s.id(), s.connected(), s.delivered(),
                    s.dropped(), s.queued(), s.lastError());
        }
        // Fewer at the subscriber than acknowledged to the bridge: the broker dropped them (Mosquitto drops QoS 1
        // messages for a subscriber beyond max_queued_messages, 1000 by default), not the gateway.
        sinks.stream().filter(s -> s.id().equals("mqtt")).findFirst().ifPresent(s -> System.out.printf(
                "MQTT: the broker acknowledged %d events to the bridge; the subscribers got %d (QoS 1) and %d (QoS 0), any repeat included%n",
                s.delivered(), mqtt1.records(), mqtt0.records()));
        System.out.printf("This JVM (gateway, receivers, load) used %.1f CPU s in %.1f s from the first append to the end of the drain (%.2f cores).%n",
                busy[0], busy[1], busy[0] / busy[1]);
        System.out.printf("worst latency (ms) of the events offered in each second (the first %d are the warm-up):%n", warmup);
        for (EventReceipts r : List.of(sse, mqtt1, mqtt0, hook)) {
            System.out.printf("  %-36s %s%n", r.path(), Arrays.toString(r.worstPerSecond(offered.appendedAt(), rate)));
        }
        System.out.printf("""
                Gateway, broker, receivers and the load share the machine's %d cores: the ratios to SSE matter more than the figures.
                An event = a door.forced record appended to the gateway's audit store (SQLite, grouped commits); latency = append call
                -> receipt, so each path includes the commit; events/s = measured events received / (last receipt - first measured append).
                """, Runtime.getRuntime().availableProcessors());
    }

    /** This JVM's CPU time so far (every thread). */
    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Whether the bridge said the gateway is online within 30 s (a stub or an absent broker never does). */
    private static boolean waitOnline(MqttReader reader) throws InterruptedException {
        CountDownLatch online = new CountDownLatch(1);
        reader.online().onSuccess(v -> online.countDown());
        boolean ok = online.await(30, TimeUnit.SECONDS);
        if (!ok) progress("MQTT: the gateway never published online; measuring anyway");
        return ok;
    }

    /**
     * Appends {@code total} events at {@code rate} per second on one event loop of {@code vertx}. A 1 ms timer
     * appends every event the schedule has reached, so a late tick catches up instead of lowering the rate.
     * Returns once every append has completed.
     */
    private static Offered offer(Vertx vertx, AuditStore audit, int total, int rate, String site, String door) throws InterruptedException {
        long[] appendedAt = new long[total];
        long[] committedAt = new long[total];
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch settled = new CountDownLatch(total);
        long interval = 1_000_000_000L / rate;
        vertx.runOnContext(v -> {
            long start = EventReceipts.now();
            int[] next = {0};
            vertx.setPeriodic(1, timer -> {
                long now = EventReceipts.now();
                while (next[0] < total && start + next[0] * interval <= now) {
                    int n = next[0]++;
                    AuditEntry e = new AuditEntry(Instant.now(), "door.forced", "line-000/1", null, site, "zone-0", door, null, null, null, null,
                            EventReceipts.detail(n));
                    appendedAt[n] = EventReceipts.now();
                    audit.append(e).onComplete(ar -> {
                        if (ar.succeeded()) committedAt[n] = EventReceipts.now();
                        else failed.incrementAndGet();
                        settled.countDown();
                    });
                }
                if (next[0] == total) vertx.cancelTimer(timer);
            });
        });
        if (!settled.await(total / rate + 120L, TimeUnit.SECONDS)) throw new IllegalStateException("appends did not complete");
        return new Offered(appendedAt, committedAt, failed.get());
    }

    /**
     * Waits until every path has every committed event, or none received anything new for 10 s, or {@code drain}
     * seconds have passed since the last append.
     */
    private static void drainWait(Offered offered, int drain, EventReceipts... paths) throws InterruptedException {
        int committed = offered.appendedAt().length - offered.failed();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drain);
        long quietSince = System.nanoTime();
        int last = -1;
        while (System.nanoTime() < deadline && System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(10)) {
            int sum = 0;
            boolean all = true;
            for (EventReceipts p : paths) {
                int r = p.received();
                sum += r;
                all &= r >= committed;
            }
            if (all) return;
            if (sum != last) {
                last = sum;
                quietSince = System.nanoTime();
            }
            Thread.sleep(200);
        }
    }

    /** The commit alone (append call → durable), measured events: the floor under every path. */
    private static long[] commits(Offered o, int measuredFrom) {
        return IntStream.range(measuredFrom, o.appendedAt().length).filter(n -> o.committedAt()[n] != 0)
                .mapToLong(n -> o.committedAt()[n] - o.appendedAt()[n]).sorted().toArray();
    }

    /** Removes the bridge's retained topics from the (shared) broker once the gateway has stopped. */
    private static void clearRetained(MqttReader reader) {
        try {
            List<Future<Integer>> sent = reader.clearRetained();
            await(Future.join(sent), GatewayBenchRig.WAIT);
            until(() -> reader.acked() >= sent.size(), "retained topics cleared", Duration.ofSeconds(10));
        } catch (Exception | AssertionError e) {
            System.err.println("clearing retained topics: " + e);
        }
    }

    private static void print(List<Summary> paths, long[] commits, Offered offered, int rate, int warmup, int seconds, Duration took) {
        Summary sse = paths.get(0);
        System.out.printf("%nWarden integrations beside the SSE stream: %d events/s offered, %d s warm-up + %d s measured, same run%n",
                rate, warmup, seconds);
        System.out.println(GatewayBenchRig.machine(took));
        System.out.printf("offered: %d events at %.0f/s (achieved), %d appends failed%n", offered.appendedAt().length, offered.rate(), offered.failed());
        System.out.printf("%-38s %8s %6s %5s %9s %8s %8s %8s  %s%n", "path", "received", "lost", "dup", "events/s", "p50 ms", "p99 ms",
                "max ms", "vs SSE: events/s, p50, p99");
        for (Summary p : paths) {
            System.out.printf("%-38s %8d %6d %5d %9.0f %8s %8s %8s  %s%n", p.path(), p.received(), p.lost(), p.duplicates(), p.perSecond(),
                    millis(p.latencyNanos(), 0.50), millis(p.latencyNanos(), 0.99), millis(p.latencyNanos(), 1.0), ratios(p, sse));
            if (p.malformed() > 0) System.out.printf("  %s: %d unreadable or malformed records%n", p.path(), p.malformed());
        }
        System.out.printf("%-38s %8s %6s %5s %9s %8s %8s %8s%n", "(audit commit alone: append -> durable)", "", "", "", "",
                millis(commits, 0.50), millis(commits, 0.99), millis(commits, 1.0));
    }

    /** A percentile of sorted nanoseconds in milliseconds, or "-" when there are none. */
    private static String millis(long[] sortedNanos, double q) {
        return sortedNanos.length == 0 ? "-" : "%.2f".formatted(pct(sortedNanos, q) / 1e6);
    }

    private static String ratios(Summary p, Summary sse) {
        if (p.latencyNanos().length == 0 || sse.latencyNanos().length == 0) return "-";
        return "%.3f x, %.2f x, %.2f x".formatted(p.perSecond() / sse.perSecond(),
                (double) pct(p.latencyNanos(), 0.50) / pct(sse.latencyNanos(), 0.50),
                (double) pct(p.latencyNanos(), 0.99) / pct(sse.latencyNanos(), 0.99));
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
