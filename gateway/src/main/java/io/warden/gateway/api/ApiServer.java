package io.warden.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.warden.adapter.api.ErrorCode;
import io.warden.gateway.access.AccessQuestions;
import io.warden.gateway.audit.AuditHealth;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.cluster.ClusterView;
import io.warden.gateway.console.ConsoleAssets;
import io.warden.gateway.console.ConsoleOptions;
import io.warden.gateway.console.ConsoleSessions;
import io.warden.gateway.console.OidcSignIn;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.device.DeviceView;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.events.EventHub;
import io.warden.gateway.footage.CameraDirectory;
import io.warden.gateway.footage.FootageService;
import io.warden.gateway.integrations.IntegrationSink;
import io.warden.gateway.people.DirectoryService;
import java.time.Duration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: {@code /api/v1/...} as described by {@code openapi.yaml} (served at
 * {@code /api/v1/openapi.yaml}), plus {@code /health} and {@code /metrics}. Requests are routed and
 * validated ({@link RequestValidation}) from that document; each operation's permission is its
 * {@code x-warden-permission}. TLS when the options name a certificate and key.
 *
 * <p>Served by {@link ApiOptions#instances()} verticle instances ({@link ApiVerticle}), one per core by
 * default, each with its own router on its own event loop; the contract is read and parsed once. What
 * the handlers share is thread-safe or confined: the token check and the metrics are one instance for
 * all, the door service moves commands and lockdowns onto the gateway context, the audit store queues
 * appends in call order, and each event stream session stays on its request's context. Handlers never
 * block; start and stop may be called from any thread.
 *
 * <p>The directory (people, cards, PINs, imports, the calendar) and the access questions are served
 * when the node has them; reads that name people are audited before they are served.
 *
 * <p>The web console is served by the same server ({@link ConsoleRoutes}): its pages, files and sign-in
 * endpoints, with server-side sessions ({@link ConsoleSessions}, one store for all instances) that
 * authenticate API calls too. Every answer carries the {@link SecurityHeaders}.
 */
public final class ApiServer {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String CONTRACT_RESOURCE = "openapi.yaml";
    /** The body limit of every operation that names no larger {@code x-warden-max-body} (see {@link RequestBodies}). */
    static final int MAX_BODY = 64 * 1024;
    /** How long a camera read (device info, snapshot) may take before it fails DEVICE_TIMEOUT. */
    static final Duration CAMERA_TIMEOUT = Duration.ofSeconds(8);
    private static final Set<String> VALIDATOR_MEDIA_TYPES = Set.of("application/json", "text/plain");

    private final Vertx vertx;
    private final DoorService doors;
    private final AuditStore audit;
    private final EventHub events;
    private final DeviceDirectory devices;
    private final Supplier<Future<ApiHealth>> health;
    private final PrometheusMeterRegistry registry;
    private final ApiOptions options;
    private final BearerAuth auth;
    private final ApiMetrics metrics;
    private final FootageService footage;
    private final DirectoryService directory;
    private final AccessQuestions questions;
    private final ConsoleOptions console;
    private final ConsoleSessions sessions;
    private final ConsoleAssets assets;
    private final OidcSignIn oidc;
    /** Null on a single node: /health and /metrics then show no cluster, and /api/v1/nodes shows the node alone. */
    private final ClusterView cluster;
    private final ClusterView nodes;
    private volatile ApiVerticle.Deployment deployment;
    /** This node's integrations' status, once they started; null: it runs none (/health then has no {@code integrations}). */
    private volatile Supplier<Future<List<IntegrationSink.SinkStatus>>> integrations;

    /**
     * @param tokens   bearer token to principal (from the config); must not block
     * @param devices  every controller and device with its health (/api/v1/devices, /health, /metrics)
     * @param registry where the API's meters go and what /metrics shows
     */
    public ApiServer(Vertx vertx, DoorService doors, AuditStore audit, EventHub events,
                     Function<String, Optional<Principal>> tokens, DeviceDirectory devices,
                     PrometheusMeterRegistry registry, ApiOptions options) {
        this(vertx, doors, audit, events, tokens, devices, registry, options, null);
    }

    /** @param footage cameras, footage jobs and the evidence key; null on a node without cameras (lists are empty) */
    public ApiServer(Vertx vertx, DoorService doors, AuditStore audit, EventHub events,
                     Function<String, Optional<Principal>> tokens, DeviceDirectory devices,
                     PrometheusMeterRegistry registry, ApiOptions options, FootageService footage) {
        this(vertx, doors, audit, events, tokens, devices, registry, options, footage, null, null);
    }

    /**
     * @param directory people, cards and the calendar; null on a node that keeps no directory: the
     *                  directory operations then answer 404 NOT_FOUND saying so (as for any resource
     *                  this node does not have)
     * @param questions who can open what; null likewise (the two access questions answer 404)
     */
    public ApiServer(Vertx vertx, DoorService doors, AuditStore audit, EventHub events,
                     Function<String, Optional<Principal>> tokens, DeviceDirectory devices,
                     PrometheusMeterRegistry registry, ApiOptions options, FootageService footage,
                     DirectoryService directory, AccessQuestions questions) {
        this(vertx, doors, audit, events, tokens, devices, registry, options, footage, directory, questions, ConsoleOptions.none(), null);
    }

    /**
     * @param console      the console's sign-in and session limits
     * @param sessionsFile where console sessions are kept across restarts ({@code <dataDir>/console-sessions.json});
     *                     null keeps them in memory
     */
    public ApiServer(Vertx vertx, DoorService doors, AuditStore audit, EventHub events,
                     Function<String, Optional<Principal>> tokens, DeviceDirectory devices,
                     PrometheusMeterRegistry registry, ApiOptions options, FootageService footage,
                     DirectoryService directory, AccessQuestions questions, ConsoleOptions console, Path sessionsFile) {
        this(vertx, doors, audit, events, tokens, devices, registry, options, footage, directory, questions, console, sessionsFile, null);
    }

    /**
     * @param cluster the district's nodes, members and controller leases (/api/v1/nodes, /health's {@code cluster},
     *                the {@code warden_cluster_*} gauges); null on a single node, which /api/v1/nodes shows as
     *                {@value ClusterView#LOCAL} owning every controller
     */
    public ApiServer(Vertx vertx, DoorService doors, AuditStore audit, EventHub events,
                     Function<String, Optional<Principal>> tokens, DeviceDirectory devices,
                     PrometheusMeterRegistry registry, ApiOptions options, FootageService footage,
                     DirectoryService directory, AccessQuestions questions, ConsoleOptions console, Path sessionsFile,
                     ClusterView cluster) {
        this.cluster = cluster;
        this.nodes = cluster != null ? cluster : ClusterView.single(() -> devices.devices().stream()
                .filter(d -> d.kind() == DeviceView.Kind.CONTROLLER)
                .map(d -> new ClusterView.Controller(d.id(), d.adapter(), null, List.of())).toList());
        this.footage = footage;
        this.directory = directory;
        this.questions = questions;
        this.vertx = vertx;
        this.doors = doors;
        this.audit = audit;
        this.events = events;
        this.devices = devices;
        this.health = ApiHealth.of(audit, devices, doors);
        this.registry = registry;
        this.options = options;
        this.console = console;
        this.sessions = new ConsoleSessions(sessionsFile, options.clock(), console.idle(), console.absolute());
        this.assets = new ConsoleAssets(vertx);
        // One for all instances: the provider's discovery and the pending sign-ins are shared.
        this.auth = new BearerAuth(tokens, sessions, console, audit, options.clock(), options.refusals());
        // refused sign-ins share the API's limiter and ledger: one budget per source, one summary timer
        this.oidc = console.oidc() == null ? null : new OidcSignIn(vertx, console, sessions, audit, auth, options.clock());
        this.metrics = new ApiMetrics(registry);
        if (cluster != null) metrics.clusterGauges();
    }

    /**
     * Deploys the API instances and listens; completes with the bound port (with port 0, the one port all
     * instances share).
     */
    public Future<Integer> start() {
        HttpServerOptions http = HttpLimits.serverOptions(options);
        if (options.tls()) {
            http.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(options.certPath()).setKeyPath(options.keyPath()));
        }
        return sessions.load(vertx).compose(v -> vertx.executeBlocking(ApiServer::loadContract))
                .compose(c -> ApiVerticle.deploy(vertx, () -> router(c), http, options.instances()))
                .map(d -> {
                    deployment = d;
                    auth.start(vertx);
                    LOG.info("event=api_listening host={} port={} tls={} instances={}", options.host(), d.port(), options.tls(),
                            options.instances());
                    return d.port();
                });
    }

    /** Undeploys the instances (closes the listener and open connections: event streams end), then writes pending refusal summaries. */
    public Future<Void> stop() {
        ApiVerticle.Deployment d = deployment;
        deployment = null;
        return (d == null ? Future.<Void>succeededFuture() : d.undeploy()).eventually(auth::stop).eventually(sessions::flush);
    }

    /** The console's sessions (shared by every instance). */
    public ConsoleSessions sessions() {
        return sessions;
    }

    /** The complete router (also usable mounted elsewhere). */
    public Future<Router> router() {
        return vertx.executeBlocking(ApiServer::loadContract).compose(this::router);
    }

    /** The contract as served ({@code raw}) and as the router loads it ({@code json}, never changed: each router loads a copy). */
    private record Contract(Buffer raw, JsonObject json) {}

    private Future<Router> router(Contract c) {
        return OpenAPIContract.from(vertx, c.json().copy()).map(contract -> build(contract, c.raw()));
    }

    private static Contract loadContract() throws IOException {
        Buffer raw = readContract();
        Map<?, ?> tree = new ObjectMapper(new YAMLFactory()).readValue(raw.getBytes(), Map.class);
        @SuppressWarnings("unchecked")
        JsonObject json = new JsonObject((Map<String, Object>) tree);
        return new Contract(raw, withoutUnsupportedResponseTypes(json));
    }

    /**
     * vertx-openapi 5.0.7 refuses a contract whose responses declare media types beyond JSON, text and
     * multipart (our CSV, NDJSON, SSE and YAML). Responses are not validated here, so the loaded copy
     * drops those entries; the document served to clients keeps them. Request bodies of such types
     * (the imports' CSV, zip and iCalendar) are dropped too and their types kept in the operation's
     * {@link RequestBodies#BODY_TYPES} for {@link RequestBodies} to check.
     */
    static JsonObject withoutUnsupportedResponseTypes(JsonObject contract) {
        JsonObject copy = contract.copy();
        List<JsonObject> responses = new ArrayList<>();
        JsonObject paths = copy.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                Object op = item.getValue(method);
                if (!(op instanceof JsonObject o) || !o.containsKey("responses")) continue;
                JsonObject rs = o.getJsonObject("responses");
                for (String status : rs.fieldNames()) responses.add(rs.getJsonObject(status));
                rawBodyTypes(o);
            }
        }
        JsonObject shared = copy.getJsonObject("components", new JsonObject()).getJsonObject("responses", new JsonObject());
        for (String name : shared.fieldNames()) responses.add(shared.getJsonObject(name));
        for (JsonObject r : responses) {
            JsonObject content = r.getJsonObject("content");
            if (content == null) continue;
            content.fieldNames().removeIf(type -> !VALIDATOR_MEDIA_TYPES.contains(type));
            if (content.isEmpty()) r.remove("content");
        }
        return copy;
    }

    /** Moves a request body of types the validator cannot read out of {@code op}, into {@link RequestBodies#BODY_TYPES}. */
    private static void rawBodyTypes(JsonObject op) {
        JsonObject body = op.getJsonObject("requestBody");
        JsonObject content = body == null ? null : body.getJsonObject("content");
        if (content == null || content.fieldNames().stream().allMatch(VALIDATOR_MEDIA_TYPES::contains)) return;
        if (content.fieldNames().stream().anyMatch(VALIDATOR_MEDIA_TYPES::contains)) {
            throw new IllegalStateException(op.getString("operationId") + ": a request body is either JSON or raw, not both");
        }
        op.put(RequestBodies.BODY_TYPES, new JsonArray(new ArrayList<>(content.fieldNames())));
        op.remove("requestBody");
    }

    // The contract comes from the classpath, never the working directory.
    private static Buffer readContract() throws IOException {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(CONTRACT_RESOURCE)) {
            if (in == null) throw new IOException("resource " + CONTRACT_RESOURCE + " missing from the classpath");
            return Buffer.buffer(in.readAllBytes());
        }
    }

    private Router build(OpenAPIContract contract, Buffer raw) {
        ApiGate gate = new ApiGate(contract, auth);
        DoorRoutes door = new DoorRoutes(doors, options.clock());
        LockdownRoutes lockdowns = new LockdownRoutes(doors);
        DeviceRoutes deviceRoutes = new DeviceRoutes(devices);
        AuditRoutes audits = new AuditRoutes(audit, options.clock());
        EventStream stream = new EventStream(vertx, audit, events, metrics, sessions, options.heartbeat());
        CameraRoutes cameras = new CameraRoutes(footage == null ? CameraDirectory.empty() : footage.cameras(), devices, audit,
                options.clock(), CAMERA_TIMEOUT);
        FootageRoutes jobs = new FootageRoutes(vertx, footage);
        PeopleRoutes people = new PeopleRoutes(directory, audit, options.clock());
        ImportRoutes imports = new ImportRoutes(vertx, directory);
        AccessRoutes access = new AccessRoutes(questions, directory, doors, audit, options.clock());
        Handler<RoutingContext> noDirectory = ctx -> Problems.send(ctx, ErrorCode.NOT_FOUND,
                "no directory on this node: people, cards and the calendar are kept by the gateway that owns the doors");
        Map<String, Handler<RoutingContext>> directoryHandlers = Map.ofEntries(
                Map.entry("listPeople", people::list),
                Map.entry("getPerson", people::get),
                Map.entry("importPeople", imports::importPeople),
                Map.entry("assignCard", people::assignCard),
                Map.entry("setPin", people::setPin),
                Map.entry("setCardStatus", people::setCardStatus),
                Map.entry("doorEntries", access::entries),
                Map.entry("listCalendar", imports::listCalendar),
                Map.entry("importCalendar", imports::importCalendar));
        Map<String, Handler<RoutingContext>> questionHandlers = Map.of(
                "cardAccess", access::cardAccess,
                "doorAccess", access::doorAccess);
        Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
        directoryHandlers.forEach((id, h) -> handlers.put(id, directory == null ? noDirectory : h));
        questionHandlers.forEach((id, h) -> handlers.put(id, directory == null || questions == null ? noDirectory : h));
        handlers.putAll(Map.ofEntries(
                Map.entry("getOpenApi", ctx -> ctx.response().putHeader("Content-Type", "application/yaml").end(raw)),
                Map.entry("listDoors", door::list),
                Map.entry("getDoor", door::get),
                Map.entry("lockDoor", door::lock),
                Map.entry("unlockDoor", door::unlock),
                Map.entry("pulseDoor", door::pulse),
                Map.entry("listDevices", deviceRoutes::list),
                Map.entry("listNodes", ctx -> nodes.nodes().onSuccess(json -> Routes.json(ctx, 200, json)).onFailure(ctx::fail)),
                Map.entry("listLockdowns", lockdowns::list),
                Map.entry("startLockdown", lockdowns::start),
                Map.entry("getLockdown", lockdowns::get),
                Map.entry("releaseLockdown", lockdowns::release),
                Map.entry("queryAudit", audits::query),
                Map.entry("exportAudit", audits::export),
                Map.entry("verifyAudit", audits::verify),
                Map.entry("streamEvents", stream::handle),
                Map.entry("listCameras", cameras::list),
                Map.entry("getCamera", cameras::get),
                Map.entry("getCameraSnapshot", cameras::snapshot),
                Map.entry("requestFootage", jobs::request),
                Map.entry("listFootage", jobs::list),
                Map.entry("getFootage", jobs::get),
                Map.entry("cancelFootage", jobs::cancel),
                Map.entry("downloadFootagePackage", jobs::download),
                Map.entry("getEvidenceKey", jobs::evidenceKey),
                Map.entry("health", this::health),
                Map.entry("metrics", this::metrics)));

        RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
        // Vert.x Web orders handlers by kind: platform, then body, then ours. The gate is a platform
        // handler so that no body is read (nor refused as too large) before authentication. The body
        // is read with the limit of the operation the gate found (RequestBodies: 64 KiB, imports more).
        Handler<RoutingContext> headers = SecurityHeaders.handler(console);
        builder.rootHandler((PlatformHandler) headers::handle);
        builder.rootHandler((PlatformHandler) metrics::timing);
        builder.rootHandler((PlatformHandler) gate::authorize);
        RequestBodies bodies = new RequestBodies(contract);
        builder.rootHandler(bodies::read);
        builder.rootHandler(gate::knownQueryOnly);
        builder.rootHandler(bodies::typeCheck);
        RequestValidation validation = new RequestValidation(contract);
        for (OpenAPIRoute route : builder.getRoutes()) {
            String id = route.getOperation().getOperationId();
            Handler<RoutingContext> h = handlers.get(id);
            if (h == null) throw new IllegalStateException("openapi.yaml operation without a handler: " + id);
            // Security is ours (ApiGate, before validation): unauthenticated callers learn nothing from 400s.
            // Validation too: the router's own runs on a worker thread per request (RequestValidation).
            route.setDoSecurity(false).setDoValidation(false).addHandler(validation.handler(route.getOperation())).addHandler(h);
        }
        Router router = builder.createRouter();
        new ConsoleRoutes(auth, sessions, console, assets, audit, options.clock(), oidc).mount(router);
        router.route().failureHandler(Problems::failureHandler);
        for (int status : new int[] {404, 405, 413, 415}) router.errorHandler(status, ctx -> Problems.sendStatus(ctx, status));
        return router;
    }

    /**
     * Shows {@code integrations} in /health from now on (the gateway starts them after the API).
     *
     * @param status each sink's status; called from the API's event loops, it must not block
     */
    public void integrations(Supplier<Future<List<IntegrationSink.SinkStatus>>> status) {
        this.integrations = status;
    }

    private void health(RoutingContext ctx) {
        Future<JsonObject> clusterJson = cluster == null ? Future.succeededFuture() : cluster.nodes().map(ClusterView::healthSummary);
        var sinks = integrations;
        Future<JsonArray> integrationsJson = sinks == null ? Future.succeededFuture()
                : sinks.get().timeout(ApiHealth.AUDIT_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).map(ApiHealth::integrationsJson);
        health.get()
                .otherwise(t -> new ApiHealth(AuditHealth.failed(AuditHealth.Reason.READ_FAILED, "audit check failed: " + t.getMessage(), 0),
                        audit.chainState(), devices.devices(), ApiHealth.disagreeing(doors)))
                .onSuccess(h -> Future.join(clusterJson, integrationsJson).onComplete(x -> {
                    JsonObject json = h.toJson();
                    // the sign-in provider is reported, never degrades the node: doors and API tokens work without it
                    if (oidc != null) json.put("console", new JsonObject().put("oidc", oidc.healthJson()));
                    // membership and leases are reported; a lost lease or member does not make this node's answer 503
                    if (clusterJson.succeeded() && clusterJson.result() != null) json.put("cluster", clusterJson.result());
                    // reported, never degrading (ApiHealth.integrationsJson says why); absent when they did not answer
                    if (integrationsJson.succeeded() && integrationsJson.result() != null) json.put("integrations", integrationsJson.result());
                    Routes.json(ctx, h.up() ? 200 : 503, json);
                }));
    }

    private void metrics(RoutingContext ctx) {
        metrics.devices(devices.devices());
        Future<Void> ready = cluster == null ? Future.succeededFuture()
                : cluster.nodes().map(ClusterView::healthSummary).onSuccess(metrics::cluster).<Void>mapEmpty().otherwiseEmpty();
        ready.onComplete(v -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape()));
    }
}
