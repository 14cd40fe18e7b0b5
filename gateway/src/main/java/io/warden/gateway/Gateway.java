package io.warden.gateway;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactories;
import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.access.AccessNode;
import io.warden.gateway.api.ApiOptions;
import io.warden.gateway.api.ApiServer;
import io.warden.gateway.audit.AnchoredAuditStore;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditRecord;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.audit.PgAuditStore;
import io.warden.gateway.cluster.ClusterDatabase;
import io.warden.gateway.cluster.ClusterNode;
import io.warden.gateway.config.ClusterConfig;
import io.warden.gateway.door.DoorStores;
import io.warden.gateway.door.RemoteDoorStates;
import io.vertx.sqlclient.Pool;
import io.warden.gateway.audit.SqliteAuditStore;
import io.warden.gateway.audit.SyslogSender;
import io.warden.gateway.config.AuditConfig;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.config.Secrets;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.GatewayDoorService;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.footage.CameraDirectory;
import io.warden.gateway.footage.EvidenceKey;
import io.warden.gateway.footage.FootageAutoCapture;
import io.warden.gateway.footage.FootageService;
import io.warden.gateway.integrations.IntegrationContext;
import io.warden.gateway.integrations.Integrations;
import io.warden.gateway.door.LockdownReport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway node: audit trail, adapters, door service and HTTP API, started from a validated
 * config. Every adapter is created (and so its options checked) before anything starts, so a bad
 * config never leaves a half-working gateway behind.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /**
     * How often doors under lockdown are checked and, when found unlocked, locked again. A policy
     * constant, not an option: 2 s bounds how long a door unlocked at the panel stays open to a
     * lockdown (plus one door command), while each check costs every locked-down line one status read
     * per door, which even a 9600-baud line with many doors absorbs; no site is better served by
     * another value, and a longer one would only leave doors open longer.
     */
    static final Duration REASSERT_EVERY = Duration.ofSeconds(2);

    /** How long a camera may take to set up a search or a replay session before it fails DEVICE_TIMEOUT. */
    static final Duration CAMERA_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The console's sessions, under the data directory: people stay signed in across a restart. */
    static final String CONSOLE_SESSIONS = "console-sessions.json";

    private final List<DeviceAdapter> adapters;
    private final FootageService footage;
    private final FootageAutoCapture autoCapture;
    private final RunMarker run;
    private final AuditStore audit;
    private final ApiServer api;
    private final GatewayDoorService doors;
    private final AccessNode access;
    private final EventHub events;
    private final int port;
    /** Null on a single node. */
    private final ClusterNode cluster;
    private final Pool pool;
    private final Pool leasePool;
    /** Null when this node runs no integrations. */
    private final Integrations integrations;

    private Gateway(List<DeviceAdapter> adapters, FootageService footage, FootageAutoCapture autoCapture, RunMarker run, AuditStore audit,
                    ApiServer api, GatewayDoorService doors, EventHub events, int port, AccessNode access, ClusterNode cluster, Pool pool,
                    Pool leasePool, Integrations integrations) {
        this.integrations = integrations;
        this.cluster = cluster;
        this.pool = pool;
        this.leasePool = leasePool;
        this.access = access;
        this.adapters = adapters;
        this.footage = footage;
        this.autoCapture = autoCapture;
        this.run = run;
        this.audit = audit;
        this.api = api;
        this.doors = doors;
        this.events = events;
        this.port = port;
    }

    /** The adapter types this classpath serves (the config is checked against them). */
    public static Map<String, DeviceAdapterFactory> factories() {
        return DeviceAdapterFactories.discover(Gateway.class.getClassLoader());
    }

    /**
     * Start a node.
     *
     * @param secrets where adapters resolve key references (the config's secrets, perhaps with a fallback)
     * @param port    overrides the configured HTTP port when not null (0 for any free port)
     */
    public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Secrets secrets, Integer port, Clock clock) {
        Map<String, DeviceAdapterFactory> factories = factories();
        List<String> refused = declaredOptionProblems(config, factories);
        if (!refused.isEmpty()) return Future.failedFuture(new WardenException(ErrorCode.BAD_CONFIG, String.join("\n", refused)));
        EventHub hub = new EventHub();
        Map<String, DoorInfo> doorInfo = config.doors().stream()
                .collect(Collectors.toMap(DoorInfo::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        AtomicReference<AnchoredAuditStore> anchor = new AtomicReference<>();
        Consumer<AuditRecord> committed = r -> {
            hub.publish(r);
            AnchoredAuditStore a = anchor.get();
            if (a != null) a.committed(r);
        };
        ClusterConfig cluster = config.cluster();
        Pool pool;
        Pool leasePool; // the leases' own connections: no audit or lockdown load may delay a renewal
        try {
            pool = cluster == null ? null : ClusterDatabase.pool(vertx, cluster.database(), secrets);
            leasePool = cluster == null ? null : ClusterDatabase.pool(vertx, cluster.database(), secrets, ClusterDatabase.LEASE_POOL_SIZE);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        // One node: the trail in SQLite. A cluster: one trail in the shared PostgreSQL, whose commit hook brings
        // every node's records, in seq order, to this node's event stream.
        Future<AuditStore> opened = cluster == null ? SqliteAuditStore.open(vertx, config.auditPath(), committed).map(a -> (AuditStore) a)
                : PgAuditStore.open(vertx, pool, committed).map(a -> (AuditStore) a);
        return opened.recover(e -> closePools(pool, leasePool).transform(x -> Future.failedFuture(e))).compose(store -> {
            anchor.set(new AnchoredAuditStore(vertx, store, anchorSettings(config), clock));
            return anchor.get().start().transform(ar -> ar.succeeded() ? Future.succeededFuture(anchor.get())
                    : anchor.get().close().transform(x -> Future.failedFuture(ar.cause())));
        }).compose(anchored -> {
            AuditStore audit = anchored;
            DeviceDirectory devices = new DeviceDirectory(clock.instant());
            DeviceEventRecorder recorder = new DeviceEventRecorder(vertx, clock, audit, doorInfo, secrets::secret, devices);
            List<DeviceAdapter> adapters = new ArrayList<>();
            List<DeviceAdapter> cameraAdapters = new ArrayList<>();
            Map<DeviceAdapter, String> paths = new java.util.IdentityHashMap<>(); // each adapter's config path, for start errors
            try {
                for (AdapterSpec spec : config.adapterSpecs()) {
                    DeviceAdapter adapter = factories.get(spec.type()).create(spec, recorder);
                    adapters.add(adapter);
                    paths.put(adapter, spec.path());
                    devices.register(adapter, spec.type());
                }
                for (AdapterSpec spec : config.cameraSpecs()) {
                    DeviceAdapterFactory factory = factories.get(spec.type());
                    if (factory == null) throw new WardenException(ErrorCode.BAD_CONFIG, spec.path() + ".type: no adapter '" + spec.type() + "'");
                    DeviceAdapter adapter = factory.create(spec, recorder);
                    cameraAdapters.add(adapter);
                    paths.put(adapter, spec.path());
                    devices.register(adapter, spec.type());
                }
            } catch (RuntimeException e) { // a factory's BAD_CONFIG, or a bug in one: close the audit store either way
                return audit.close().transform(x -> Future.failedFuture(e));
            }
            CameraDirectory cameras = new CameraDirectory(config.cameras(), cameraAdapters, config.doors());
            Map<String, Duration> commandTimeouts = new LinkedHashMap<>();
            adapters.forEach(a -> a.doors().forEach(d -> commandTimeouts.put(d.doorId(), d.commandTimeout())));
            Map<String, DoorController> local = new LinkedHashMap<>();
            if (cluster == null) {
                adapters.forEach(a -> a.doors().forEach(d -> local.put(d.doorId(), d)));
            } else {
                // Here only to check their options and to know their doors' command timeouts: a controller's
                // line is driven by a fresh adapter on the node that holds its lease (ControllerOwnership).
                adapters.clear();
            }
            int controllerCount = config.adapterSpecs().size();
            adapters.addAll(cameraAdapters); // started and stopped like the controllers
            RunMarker run = new RunMarker(vertx, config.dataDir(), audit, clock);
            AtomicReference<AccessNode> access = new AtomicReference<>();
            AtomicReference<GatewayDoorService> doorService = new AtomicReference<>();
            AtomicReference<ClusterNode> clusterNode = new AtomicReference<>();
            if (cluster != null) {
                devices.cluster(cluster.node(), c -> doorService.get() != null && doorService.get().drives(c),
                        () -> doorService.get() == null ? null : doorService.get().remoteStates());
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT); // the API's and the doors' meters
            return run.recordUncleanShutdown()
                    .compose(v -> audit.append(new AuditEntry(clock.instant(), "config.loaded", "system", null, null, null, null, null, null,
                            "start", "ok", config.source() + " sha256 " + config.fileSha256())))
                    .compose(run::started)
                    .compose(r -> AccessNode.open(vertx, config, audit, clock)).map(a -> {
                        access.set(a);
                        return a;
                    })
                    .compose(r -> Future.all(adapters.stream().map(a -> vertx.deployVerticle(new AdapterVerticle(a, paths.get(a)))).toList()))
                    .compose(v -> GatewayDoorService.start(vertx, config.doors(), local, audit,
                            cluster == null ? DoorStores.files(vertx, config.dataDir()) : DoorStores.postgres(vertx, pool), clock,
                            new GatewayDoorService.Options(REASSERT_EVERY, config.doorPolicy().maxUnlock()), registry,
                            cluster == null ? null : new GatewayDoorService.Cluster(cluster.node(), commandTimeouts, wiredTo(config),
                                    devices::drivenHealth, RemoteDoorStates.Timing.DEFAULT)))
                    .compose(service -> {
                        doorService.set(service);
                        access.get().serve(service, recorder, audit);
                        if (cluster == null) return Future.succeededFuture(service);
                        return ClusterNode.start(vertx, config, leasePool, recorder, audit, service, clock, Gateway::startAdapter)
                                .map(n -> {
                                    clusterNode.set(n);
                                    return service;
                                }).recover(e -> service.stop().transform(x -> Future.failedFuture(e)));
                    })
                    .compose(service -> startFootage(vertx, config, cameras, audit, hub, clock, service)
                            .recover(e -> stopCluster(clusterNode.get()).transform(x -> service.stop()).transform(x -> Future.failedFuture(e))))
                    .compose(started -> {
                        GatewayDoorService service = started.doors();
                        var http = config.http();
                        ApiOptions options = new ApiOptions(http.host(), port != null ? port : http.port(),
                                http.tls() == null ? null : http.tls().certPath().toString(),
                                http.tls() == null ? null : http.tls().keyPath().toString(), null, clock, http.instances(), null);
                        ApiServer api = new ApiServer(vertx, service, audit, hub, config::authenticate, devices, registry, options,
                                started.footage(), access.get().directory(), access.get().questions(), config.console(),
                                config.dataDir().resolve(CONSOLE_SESSIONS), clusterNode.get() == null ? null : clusterNode.get().view());
                        return api.start().recover(e -> Future.failedFuture(new WardenException(ErrorCode.BAD_CONFIG,
                                "http: cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e)))
                                .map(bound -> {
                            if (http.exposedPlaintext()) {
                                log.warn("event=api_plaintext address={}:{} detail=\"plain HTTP on a non-loopback address (http.allowPlaintext): "
                                        + "bearer tokens cross the network readable; configure http.tls\"", http.host(), bound);
                            }
                            log.info("event=gateway_started config=\"{}\" port={} doors={} controllers={} cameras={}{}", config.source(), bound,
                                    commandTimeouts.size(), controllerCount, cameraAdapters.size(),
                                    cluster == null ? "" : " node=" + cluster.node() + " driving=" + clusterNode.get().driven().size());
                            return bound;
                        }).compose(bound -> startIntegrations(vertx, config, service, devices, audit, registry, secrets, clock, hub)
                                .recover(e -> api.stop().transform(x -> Future.failedFuture(e)))
                                .map(integrations -> {
                                    if (integrations != null) api.integrations(integrations::status);
                                    return integrations;
                                })
                                .map(integrations -> new Gateway(adapters, started.footage(), started.autoCapture(), run, audit, api, service,
                                        hub, bound, access.get(), clusterNode.get(), pool, leasePool, integrations)))
                        .recover(e -> {
                            started.autoCapture().stop();
                            return started.footage().stop().transform(x -> stopCluster(clusterNode.get())).transform(x -> service.stop())
                                    .transform(x -> Future.failedFuture(e));
                        });
                    })
                    .recover(e -> Future.join(adapters.stream().map(DeviceAdapter::stop).toList())
                            .transform(x -> {
                                AccessNode a = access.get();
                                if (a == null) return Future.succeededFuture();
                                a.stopServing();
                                return a.close();
                            })
                            .transform(x -> run.stopping("start failed: " + e.getMessage()))
                            .transform(x -> audit.close()).transform(x -> run.remove()).transform(x -> closePools(pool, leasePool))
                            .transform(x -> Future.failedFuture(e)));
        }).recover(e -> Future.failedFuture(e instanceof WardenException ? e
                : new WardenException(ErrorCode.INTERNAL, "gateway did not start: " + e.getMessage(), e)));
    }

    /**
     * Every adapter's {@code options} checked against its declaration before anything is opened: such
     * a config creates no audit file or key, and all of these problems are reported at once. What only
     * a factory can check (secrets, rules across options) still fails at create, one adapter at a time.
     */
    private static List<String> declaredOptionProblems(GatewayConfig config, Map<String, DeviceAdapterFactory> factories) {
        List<String> problems = new ArrayList<>();
        List<AdapterSpec> specs = new ArrayList<>(config.adapterSpecs());
        specs.addAll(config.cameraSpecs());
        for (AdapterSpec spec : specs) {
            DeviceAdapterFactory factory = factories.get(spec.type());
            if (factory == null) continue; // create names it
            try {
                factory.options().ifPresent(declared -> declared.read(spec.options(), spec.path() + ".options"));
            } catch (WardenException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** Controllers wired to one node ({@code node:}, a serial line), for the reason their doors are offline when it is down. */
    private static Map<String, String> wiredTo(GatewayConfig config) {
        Map<String, String> out = new LinkedHashMap<>();
        config.controllers().forEach(c -> {
            if (c.node() != null) out.put(c.id(), c.node());
        });
        return out;
    }

    private static Future<Void> closePools(Pool... pools) {
        return Future.join(java.util.Arrays.stream(pools).map(p -> p == null ? Future.<Void>succeededFuture() : p.close().otherwiseEmpty()).toList())
                .<Void>mapEmpty().otherwiseEmpty();
    }

    /**
     * The integrations, on the node that runs them (the only node, or {@code integrations.node} in a cluster):
     * null elsewhere or when none is configured. A far end that is away does not fail the start.
     */
    private static Future<Integrations> startIntegrations(Vertx vertx, GatewayConfig config, GatewayDoorService doors, DeviceDirectory devices,
                                                          AuditStore audit, PrometheusMeterRegistry registry, Secrets secrets, Clock clock,
                                                          EventHub hub) {
        var c = config.integrations();
        ClusterConfig cluster = config.cluster();
        String node = cluster == null ? null : cluster.node();
        if (!c.any() || (node != null && !node.equals(c.node()))) return Future.succeededFuture(null);
        return Integrations.create(new IntegrationContext(vertx, c, doors, devices, audit, registry, secrets, clock, node)).start(hub);
    }

    private static Future<Void> stopIntegrations(Integrations i) {
        return i == null ? Future.succeededFuture() : i.stop();
    }

    private static Future<Void> stopCluster(ClusterNode node) {
        return node == null ? Future.succeededFuture() : node.stop();
    }

    /** Deploys one adapter on a context of its own (see {@link AdapterVerticle}); fails with its start error. */
    static Future<Void> startAdapter(Vertx vertx, DeviceAdapter adapter, String path) {
        return vertx.deployVerticle(new AdapterVerticle(adapter, path)).mapEmpty();
    }

    private record Started(GatewayDoorService doors, FootageService footage, FootageAutoCapture autoCapture) {}

    /**
     * The evidence key (created on first start; without it jobs fail at sealing, but doors keep
     * working), the footage jobs on disk (interrupted ones marked failed) and automatic capture.
     */
    private static Future<Started> startFootage(Vertx vertx, GatewayConfig config, CameraDirectory cameras, AuditStore audit, EventHub hub,
                                                Clock clock, GatewayDoorService doors) {
        return vertx.executeBlocking(() -> EvidenceKey.loadOrCreate(config.dataDir()), false)
                .otherwise(t -> {
                    log.error("event=evidence_key_unavailable error=\"{}\"", t.toString());
                    return null;
                })
                .compose(key -> FootageService.start(vertx, cameras, audit, hub, clock, new FootageService.Settings(config.footage(),
                        config.dataDir(), CAMERA_REQUEST_TIMEOUT, version(), key)))
                .map(footage -> new Started(doors, footage, new FootageAutoCapture(vertx, footage, clock,
                        id -> doors.lockdown(id).map(r -> r.doors().stream().map(LockdownReport.DoorResult::id).toList()).orElse(List.of()))
                        .start(hub)));
    }

    /** The gateway's version from its jar's manifest, or "dev" when run from classes. */
    public static String version() {
        String v = Gateway.class.getPackage() == null ? null : Gateway.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    private static AnchoredAuditStore.Settings anchorSettings(GatewayConfig config) {
        AuditConfig.Checkpoints c = config.audit().checkpoints();
        SyslogSender syslog = c.syslog() == null ? null
                : new SyslogSender(c.syslog().host(), c.syslog().port(), SyslogSender.protocol(c.syslog().protocol()));
        return new AnchoredAuditStore.Settings(config.auditCheckpointFile(), config.auditSigningKey(), c.everyRecords(), c.every(), syslog);
    }

    /**
     * Runs one adapter on a context of its own, so that lines spread over the event loops. A start
     * failure names the adapter's config path and keeps a WardenException's code; anything else
     * (e.g. a value the adapter's transport refuses) is reported as BAD_CONFIG of that path.
     */
    private static final class AdapterVerticle extends VerticleBase {
        private final DeviceAdapter adapter;
        private final String path;

        AdapterVerticle(DeviceAdapter adapter, String path) {
            this.adapter = adapter;
            this.path = path;
        }

        @Override
        public Future<?> start() {
            Future<Void> started;
            try {
                started = adapter.start();
            } catch (RuntimeException e) {
                started = Future.failedFuture(e);
            }
            return started.recover(e -> Future.failedFuture(new WardenException(
                    e instanceof WardenException w ? w.code() : ErrorCode.BAD_CONFIG, path + ": did not start: " + e.getMessage(), e)));
        }
    }

    /** The bound HTTP port. */
    public int port() {
        return port;
    }

    public GatewayDoorService doors() {
        return doors;
    }

    public AuditStore audit() {
        return audit;
    }

    /** The live fan-out of the audit trail (what the event stream serves): every record once durable, in seq order. */
    public EventHub events() {
        return events;
    }

    /** This node's integrations (MQTT, webhooks, SIEM), or null when it runs none. */
    public Integrations integrations() {
        return integrations;
    }

    /** The cardholder directory, access decisions and door schedules. */
    public AccessNode access() {
        return access;
    }

    /** Footage jobs and cameras. */
    public FootageService footage() {
        return footage;
    }

    /**
     * A clean stop: stop deciding card reads and running door schedules, stop serving doors on the
     * event bus (timed relocks stay on disk for the next start), stop listening, stop the adapters,
     * close the directory, write {@code gateway.stop}, close the audit trail
     * (pending records are written first) and remove the run marker.
     */
    public Future<Void> stop() {
        autoCapture.stop();
        access.stopServing();
        return stopIntegrations(integrations)
                .transform(x -> footage.stop())
                .transform(x -> stopCluster(cluster))
                .transform(x -> doors.stop())
                .transform(x -> api.stop())
                .transform(x -> Future.join(adapters.stream().map(DeviceAdapter::stop).toList()))
                .transform(x -> access.close())
                .transform(x -> run.stopping("clean stop"))
                .transform(x -> audit.close())
                .transform(x -> run.remove())
                .transform(x -> closePools(pool, leasePool));
    }

    /**
     * For tests of recovery: let go of everything this node holds (the audit file first, then the
     * listeners and lines) without the clean stop's bookkeeping, leaving the data directory as a
     * kill -9 would: no {@code gateway.stop}, the run marker in place, answers still in flight unrecorded.
     */
    public Future<Void> halt() {
        autoCapture.stop();
        access.stopServing();
        return stopIntegrations(integrations)
                .transform(x -> audit.close())
                .transform(x -> access.close())
                .transform(x -> footage.stop())
                .transform(x -> doors.stop())
                .transform(x -> api.stop())
                .transform(x -> stopCluster(cluster))
                .transform(x -> Future.join(adapters.stream().map(DeviceAdapter::stop).toList()))
                .transform(x -> closePools(pool, leasePool)).mapEmpty();
    }
}
