package io.warden.gateway.bench;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.gateway.bench.GatewayBenchRig.pct;
import static io.warden.gateway.bench.GatewayBenchRig.progress;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.warden.gateway.Gateway;
import io.warden.gateway.bench.GatewayBenchRig.SimLine;
import io.warden.gateway.bench.GatewayBenchRig.Token;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.door.DoorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * API read throughput: {@code GET /api/v1/doors/{id}} with a viewer token against the gateway (one simulated
 * OSDP line over loopback TCP, 2 PDs x 2 doors), beside a bare Vert.x HTTP server answering "hello", both
 * driven by the same client: for each of {@code bench.connections} (32,256) keep-alive connections in one
 * pooled {@link HttpClientAgent}, one request in flight each (closed loop), spread over {@code bench.clientLoops}
 * (2) event loops. Each server gets {@code bench.warmup} (5) s unmeasured, then {@code bench.seconds} (10) s
 * measured in {@code bench.slices} (4) slices that alternate between the servers, so load from elsewhere on
 * the machine falls on both alike. Both servers are deployed alike: {@code bench.instances} (one per core)
 * verticle instances on one port, up throughout.
 *
 * <p>Run:
 * {@code mvn -B -q -pl gateway -am -Pbench test-compile exec:java -Dexec.mainClass=io.warden.gateway.bench.ApiThroughputBench}.
 */
public final class ApiThroughputBench {

    /** Requests completed in the measured window, their latencies (ns, sorted), and non-200 or failed ones. */
    record Result(String name, double seconds, long[] nanos, int errors) {
        double rate() {
            return nanos.length / seconds;
        }

        static Result merge(List<Result> parts) {
            long[] all = parts.stream().flatMapToLong(p -> Arrays.stream(p.nanos())).sorted().toArray();
            return new Result(parts.get(0).name(), parts.stream().mapToDouble(Result::seconds).sum(), all,
                    parts.stream().mapToInt(Result::errors).sum());
        }

        String row() {
            return "%-34s %10.0f %8.3f %8.3f %8.3f %6d".formatted(name, rate(), pct(nanos, 0.50) / 1e6, pct(nanos, 0.99) / 1e6,
                    pct(nanos, 1.0) / 1e6, errors);
        }
    }

    public static void main(String[] args) throws Exception {
        GatewayBenchRig.quietLogs();
        List<Integer> connectionCounts = Arrays.stream(System.getProperty("bench.connections", "32,256").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        int instances = Integer.getInteger("bench.instances", Runtime.getRuntime().availableProcessors());
        int loops = Integer.getInteger("bench.clientLoops", 2);
        int warmup = Integer.getInteger("bench.warmup", 5);
        int seconds = Integer.getInteger("bench.seconds", 10);
        int slices = Integer.getInteger("bench.slices", 4);
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("warden-api-bench");
        Vertx sims = Vertx.vertx();
        Vertx node = Vertx.vertx();
        Vertx clients = Vertx.vertx();
        List<SimLine> lines = new ArrayList<>();
        int most = connectionCounts.stream().mapToInt(Integer::intValue).max().orElseThrow();
        HttpClientAgent client = clients.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(most));
        Map<Integer, List<Result>> ours = new TreeMap<>();
        Map<Integer, List<Result>> hello = new TreeMap<>();
        AtomicInteger accepted = new AtomicInteger();
        Gateway gateway = null;
        String bare = null;
        try {
            lines = GatewayBenchRig.startLines(sims, 1, 2);
            Token viewer = Token.random("bench-viewer", "viewer");
            GatewayConfig cfg = GatewayBenchRig.config(dir, lines, 2, 2, 1, List.of(viewer), instances);
            List<String> uris = cfg.doors().stream().map(DoorInfo::id).map(id -> "/api/v1/doors/" + id).toList();
            progress("gateway: start, " + uris.size() + " doors");
            gateway = await(Gateway.start(node, cfg, cfg.secrets(), 0, Clock.systemUTC()), GatewayBenchRig.WAIT);
            GatewayBenchRig.awaitOnline(gateway);
            // The bare server deployed like the API: as many instances on one port (a negative port: a free one, shared).
            AtomicInteger bound = new AtomicInteger();
            bare = await(node.deployVerticle(() -> new VerticleBase() {
                @Override
                public Future<?> start() {
                    return vertx.createHttpServer().connectionHandler(c -> accepted.incrementAndGet())
                            .requestHandler(r -> r.response().end("hello")).listen(-1, "127.0.0.1")
                            .onSuccess(s -> bound.set(s.actualPort()));
                }
            }, new DeploymentOptions().setInstances(instances)), GatewayBenchRig.WAIT);
            int barePort = bound.get();
            // Alternating slices, so load from elsewhere on the machine hits both alike.
            long sliceMs = seconds * 1000L / slices;
            for (int connections : connectionCounts) {
                for (int i = 0; i < slices; i++) {
                    int warm = i == 0 ? warmup : 0;
                    progress(connections + " clients, slice " + (i + 1) + "/" + slices + ": gateway, " + warm + " s warm-up + " + sliceMs + " ms");
                    ours.computeIfAbsent(connections, c -> new ArrayList<>()).add(load("gateway GET /api/v1/doors/{id}", clients, client,
                            gateway.port(), uris, viewer.secret(), connections, loops, warm, sliceMs));
                    progress(connections + " clients, slice " + (i + 1) + "/" + slices + ": bare hello, " + warm + " s warm-up + " + sliceMs + " ms");
                    hello.computeIfAbsent(connections, c -> new ArrayList<>()).add(load("bare Vert.x server, \"hello\"", clients, client,
                            barePort, uris, viewer.secret(), connections, loops, warm, sliceMs));
                }
            }
        } finally {
            await(client.close(), GatewayBenchRig.WAIT);
            if (bare != null) await(node.undeploy(bare), GatewayBenchRig.WAIT);
            if (gateway != null) await(gateway.stop(), GatewayBenchRig.WAIT);
            GatewayBenchRig.closeLines(lines);
            await(clients.close(), GatewayBenchRig.WAIT);
            await(node.close(), GatewayBenchRig.WAIT);
            await(sims.close(), GatewayBenchRig.WAIT);
            AuditBenchData.deleteTree(dir);
        }
        System.out.printf("%nWarden API read throughput vs a bare Vert.x server, same client, same run%n");
        System.out.println(GatewayBenchRig.machine(Duration.ofNanos(System.nanoTime() - started)));
        for (int connections : connectionCounts) print(ours.get(connections), hello.get(connections), connections, loops, warmup);
        System.out.printf("""
                Clients, server and simulator share the machine's %d cores: figures are a ratio, not capacity.
                Both servers are %d verticle instances (event loops) on one port, on the same Vert.x, both up throughout;
                the bare server accepted %d connections. The gateway also polls one OSDP line (2 PDs, every 50 ms).
                Gateway path: bearer token SHA-256, permission, OpenAPI validation, metrics, the door's JSON view.
                Bare: the same requests (path, token header), answered "hello".
                """, Runtime.getRuntime().availableProcessors(), instances, accepted.get());
    }

    /** Closed loop: {@code connections} workers over {@code loops} client event loops, each one request at a time. */
    private static Result load(String name, Vertx vertx, HttpClientAgent client, int port, List<String> uris, String token,
                               int connections, int loops, int warmup, long measureMs) throws Exception {
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmup);
        long measureTo = measureFrom + TimeUnit.MILLISECONDS.toNanos(measureMs);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            RequestOptions base = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                    .putHeader("Authorization", "Bearer " + token);
            workers.add(new Worker(client, base, uris, i, measureFrom, measureTo));
        }
        CountDownLatch done = new CountDownLatch(connections);
        AtomicInteger next = new AtomicInteger();
        // One deployment instance per client event loop; each starts its share of the workers there.
        String id = await(vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                for (int w = next.getAndIncrement(); w < connections; w += loops) workers.get(w).run(done);
                return Future.succeededFuture();
            }
        }, new DeploymentOptions().setInstances(loops)), GatewayBenchRig.WAIT);
        if (!done.await(warmup + measureMs / 1000 + 60L, TimeUnit.SECONDS)) throw new IllegalStateException(name + ": workers did not finish");
        await(vertx.undeploy(id), GatewayBenchRig.WAIT);
        long[] all = workers.stream().flatMapToLong(w -> Arrays.stream(w.nanos, 0, w.count)).sorted().toArray();
        return new Result(name, measureMs / 1000.0, all, workers.stream().mapToInt(w -> w.errors).sum());
    }

    /** One connection's closed loop; runs on one event loop, so its fields need no locking. */
    private static final class Worker {
        private final HttpClientAgent client;
        private final RequestOptions base;
        private final List<String> uris;
        private final long from;
        private final long to;
        private int i;
        long[] nanos = new long[1 << 14];
        int count;
        int errors;

        Worker(HttpClientAgent client, RequestOptions base, List<String> uris, int offset, long from, long to) {
            this.client = client;
            this.base = base;
            this.uris = uris;
            this.i = offset;
            this.from = from;
            this.to = to;
        }

        void run(CountDownLatch done) {
            long t0 = System.nanoTime();
            if (t0 >= to) {
                done.countDown();
                return;
            }
            RequestOptions o = new RequestOptions(base).setURI(uris.get(i++ % uris.size()));
            client.request(o).compose(req -> req.send()).compose(res -> res.body().map(b -> res.statusCode())).onComplete(ar -> {
                long t1 = System.nanoTime();
                if (t0 >= from && t1 < to) {
                    if (ar.succeeded() && ar.result() == 200) record(t1 - t0);
                    else errors++;
                }
                run(done);
            });
        }

        private void record(long n) {
            if (count == nanos.length) nanos = Arrays.copyOf(nanos, count * 2);
            nanos[count++] = n;
        }
    }

    private static String rates(List<Result> slices) {
        return String.join(", ", slices.stream().map(r -> "%.0f".formatted(r.rate())).toList());
    }

    private static void print(List<Result> ourSlices, List<Result> helloSlices, int connections, int loops, int warmup) {
        Result ours = Result.merge(ourSlices);
        Result hello = Result.merge(helloSlices);
        System.out.printf("%nclient: %d keep-alive connections (HTTP/1.1 pool), 1 request in flight each, %d client event loops;%n"
                + "  %d s warm-up each, then %.0f s measured each in %d alternating slices%n",
                connections, loops, warmup, ours.seconds(), ourSlices.size());
        System.out.printf("%-34s %10s %8s %8s %8s %6s%n", "server", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
        System.out.println(ours.row());
        System.out.println(hello.row());
        System.out.printf("req/s per slice: gateway %s; bare %s%n", rates(ourSlices), rates(helloSlices));
        System.out.printf("ratio gateway / bare: throughput %.3f x, p50 %.2f x, p99 %.2f x%n", ours.rate() / hello.rate(),
                (double) pct(ours.nanos(), 0.50) / pct(hello.nanos(), 0.50),
                (double) pct(ours.nanos(), 0.99) / pct(hello.nanos(), 0.99));
    }
}
