package io.warden.gateway.door;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.ReaderSignal;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.EventBusAddresses;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Doors and lockdowns: lockdown beats an operator's command, every command is audited as requested
 * and again with the device's answer (durable before the caller hears back), commands to an offline
 * door fail at once and are never queued. Lockdown policy lives in {@link Lockdowns}.
 *
 * <p>Threads. Commands, lockdown starts and releases run on the gateway context (the one
 * {@link #start} ran on); callers on other event loops (each HTTP verticle instance, the demo) are
 * moved onto it and get their answer back on their own context. So a door command's lockdown check
 * and its {@code requested} record, and a lockdown's start and its release, happen in the order they
 * were accepted, with one event loop's worth of concurrency, as on a single-threaded gateway; the
 * timers and retries they start belong to that context too. Reads ({@link #doors}, {@link #door},
 * {@link #activeLockdowns}, {@link #lockdown}) are thread-safe snapshots, answered on the caller's
 * thread. Every door command is counted where it is issued ({@link DoorCommandMeter}).
 *
 * <p>Nodes. A node serves the doors of the controllers it drives ({@link #serve}, {@link #unserve}: all of
 * them on a single node, from the start) and knows every door's command timeout, so a command to a door
 * served elsewhere carries the right deadline over the (clustered) bus. A door served elsewhere shows the
 * state its node last reported ({@link RemoteDoorStates}), or offline with the reason no node serves it.
 * Lockdowns are re-asserted only by the node serving the door.
 */
public final class GatewayDoorService implements DoorService {
    /** Relocks owed to doors, in this file under the data directory. */
    public static final String RELOCKS_FILE = "relocks.json";
    public static final String LOCKDOWNS_FILE = "lockdowns.json";

    /**
     * @param reassertEvery how often doors under lockdown are checked (and the base of every retry back-off)
     * @param maxUnlock     how far ahead an {@code unlock until} may reach
     */
    public record Options(Duration reassertEvery, Duration maxUnlock) {}

    /**
     * A node of a cluster: it serves the doors of the controllers it holds ({@link #serve}), and shows
     * the others' doors as their owners report them ({@link RemoteDoorStates}).
     *
     * @param node            this node's id
     * @param commandTimeouts every door's command timeout by door id, served here or not (every node creates every adapter)
     * @param wiredTo         controller id → the node its serial line is wired to ({@code node:}), for offline reasons
     * @param drivenHealth    the health of the controllers this node drives and of their devices, by id, published to the others
     * @param timing          how often states are published and how long a state heard stays current
     */
    public record Cluster(String node, Map<String, Duration> commandTimeouts, Map<String, String> wiredTo,
                          Supplier<Map<String, DeviceHealth>> drivenHealth, RemoteDoorStates.Timing timing) {}

    /** What this node serves of one controller: its doors and their consumers on the bus. */
    private record Served(List<DoorController> doors, List<MessageConsumer<JsonObject>> consumers) {}

    private final Map<String, DoorInfo> doors = new LinkedHashMap<>();
    /** The doors this node serves now, by door id; changes as controllers are served and unserved. */
    private final Map<String, DoorController> local = new ConcurrentHashMap<>();
    /** By controller id; changed on the gateway context only. */
    private final Map<String, Served> serving = new ConcurrentHashMap<>();
    private final String node;
    /** Null on a single node. */
    private final RemoteDoorStates remote;
    private final Cluster cluster;
    private final DoorBus bus;
    private final AuditStore audit;
    private final Clock clock;
    private final Options options;
    private final Lockdowns lockdowns;
    private final LockdownEnforcer enforcer;
    private final TimedRelocks relocks;
    private final Vertx vertx;
    private final OwningContext owner;
    private final DoorCommandMeter meter;
    private long reassertTimer = -1;
    private MessageConsumer<Object> lockdownNotices;
    /** A backstop reread of the lockdowns is in flight (gateway context only). */
    private boolean refreshing;

    private GatewayDoorService(Vertx vertx, List<DoorInfo> doorList, Map<String, DoorController> local, AuditStore audit,
                               DoorStores stores, Clock clock, Options options, OwningContext owner, MeterRegistry registry, Cluster cluster) {
        this.vertx = vertx;
        this.owner = owner;
        this.meter = new DoorCommandMeter(registry);
        doorList.forEach(d -> doors.put(d.id(), d));
        this.cluster = cluster;
        this.node = cluster == null ? null : cluster.node();
        this.remote = cluster == null ? null : new RemoteDoorStates(vertx, cluster.node(), cluster.timing(), cluster.wiredTo());
        Map<String, Duration> timeouts = new HashMap<>(cluster == null ? Map.of() : cluster.commandTimeouts());
        local.forEach((id, c) -> timeouts.put(id, c.commandTimeout()));
        this.bus = new DoorBus(vertx, clock, timeouts, this::unservedReason);
        this.audit = audit;
        this.clock = clock;
        this.options = options;
        this.enforcer = new LockdownEnforcer(this, audit, clock, options.reassertEvery());
        this.lockdowns = new Lockdowns(this, enforcer, stores.lockdowns(), audit, clock);
        this.relocks = new TimedRelocks(vertx, this, stores.relocks(), audit, clock, options.reassertEvery());
    }

    /**
     * Serve this node's doors, load the lockdowns (every door in an active one is locked again once it
     * is online) and the timed relocks (one already due runs at once).
     *
     * @param local   the doors this node drives (all of them on a single node), keyed by door id; served from the
     *                start, each under its door's controller (see {@link #unserve})
     * @param dataDir where {@value #LOCKDOWNS_FILE} and {@value #RELOCKS_FILE} live
     */
    public static Future<GatewayDoorService> start(Vertx vertx, List<DoorInfo> doors, Map<String, DoorController> local,
                                                   AuditStore audit, Path dataDir, Clock clock, Options options) {
        return start(vertx, doors, local, audit, dataDir, clock, options, new SimpleMeterRegistry());
    }

    /**
     * As above, counting every door command in {@code registry} ({@code warden_door_commands_total}). The
     * context current on the calling thread (one is created for a plain thread) becomes the gateway context.
     */
    public static Future<GatewayDoorService> start(Vertx vertx, List<DoorInfo> doors, Map<String, DoorController> local,
                                                   AuditStore audit, Path dataDir, Clock clock, Options options,
                                                   MeterRegistry registry) {
        return start(vertx, doors, local, audit, DoorStores.files(vertx, dataDir), clock, options, registry, null);
    }

    /**
     * As above, keeping lockdowns and timed relocks in {@code stores}, and as one node of a cluster when
     * {@code cluster} is not null. With shared stores (a cluster), a lockdown started or released on any node
     * holds here too as soon as its change notice or the next re-assert tick arrives, and a door's timed relock
     * runs on the node that drives the door. In a cluster {@code local} is usually empty (the node serves
     * controllers as it acquires them, {@link #serve}), and this node publishes its doors' states and listens
     * to the others'.
     */
    public static Future<GatewayDoorService> start(Vertx vertx, List<DoorInfo> doors, Map<String, DoorController> local,
                                                   AuditStore audit, DoorStores stores, Clock clock, Options options,
                                                   MeterRegistry registry, Cluster cluster) {
        OwningContext owner = new OwningContext(vertx);
        return owner.call(() -> {
            GatewayDoorService s = new GatewayDoorService(vertx, doors, local, audit, stores, clock, options, owner, registry, cluster);
            return s.startHere(local);
        });
    }

    private Future<GatewayDoorService> startHere(Map<String, DoorController> given) {
        Map<String, List<DoorController>> byController = new LinkedHashMap<>();
        given.forEach((id, c) -> byController.computeIfAbsent(doors.containsKey(id) ? doors.get(id).controllerId() : id,
                k -> new ArrayList<>()).add(c));
        byController.forEach(this::serveHere); // the lockdowns' load below locks them at start
        Future<Void> listening = remote == null ? Future.succeededFuture()
                : remote.start(this::localStates, cluster.drivenHealth());
        return listening.compose(x -> lockdowns.load())
                .compose(inScope -> {
                    enforcer.lockAtStart(inScope);
                    return relocks.load();
                })
                .map(v -> {
                    lockdownNotices = vertx.eventBus().<Object>consumer(EventBusAddresses.lockdownsChanged(), m -> {
                        Object id = m.body() instanceof JsonObject j ? j.getValue("id") : null; // a bad notice: reread the active ones
                        refreshLockdowns(id == null ? List.of() : List.of(id.toString()));
                    });
                    reassertTimer = vertx.setPeriodic(1, options.reassertEvery().toMillis(), id -> {
                        enforcer.tick(lockdowns.active());
                        if (!refreshing) { // the backstop for a lost notice; one at a time
                            refreshing = true;
                            refreshLockdowns(List.of()).onComplete(ar -> refreshing = false);
                        }
                        relocks.poll();
                    });
                    return this;
                });
    }

    /** Rereads lockdowns other nodes changed (a no-op with files); doors newly held are locked at the next tick. */
    private Future<Void> refreshLockdowns(List<String> changed) {
        return lockdowns.refresh(changed)
                .onSuccess(held -> {
                    if (!held.isEmpty()) enforcer.lockAtStart(held);
                })
                .onFailure(e -> org.slf4j.LoggerFactory.getLogger(GatewayDoorService.class).warn("event=lockdowns_refresh_failed error=\"{}\"", e.getMessage()))
                .mapEmpty();
    }

    /**
     * Stop re-asserting lockdowns and timed relocks (these stay on disk) and stop serving this node's
     * doors on the event bus (the node is shutting down), so that commands no longer reach controllers
     * that are about to stop: a node started again on the same Vert.x instance, or another node of a
     * cluster, then serves them alone.
     */
    public Future<Void> stop() {
        vertx.cancelTimer(reassertTimer);
        relocks.stop();
        List<Future<Void>> all = new ArrayList<>();
        if (remote != null) all.add(remote.stop());
        new ArrayList<>(serving.keySet()).forEach(c -> all.add(unserveHere(c)));
        if (lockdownNotices != null) all.add(lockdownNotices.unregister());
        return Future.join(all).mapEmpty();
    }

    /**
     * Serve {@code controllerDoors} (the doors of {@code controllerId}, its adapter started) on the bus from
     * this node, replacing what was served of that controller before. A door among them that an active
     * lockdown covers is sent its lockdown at the enforcer's next tick, whatever it reports: the
     * re-assert after a takeover or after this node's return. Runs on the gateway context; completes
     * once every door's consumer is registered (cluster-wide in a cluster).
     */
    public Future<Void> serve(String controllerId, List<DoorController> controllerDoors) {
        return owner.call(() -> {
            Future<Void> before = serving.containsKey(controllerId) ? unserveHere(controllerId) : Future.succeededFuture();
            Future<Void> registered = serveHere(controllerId, controllerDoors);
            List<String> covered = controllerDoors.stream().map(DoorController::doorId)
                    .filter(id -> known(id) && lockdowns.covering(id) != null).toList();
            enforcer.lockAtStart(covered);
            return Future.join(before, registered).mapEmpty();
        });
    }

    /**
     * Stop serving {@code controllerId}'s doors on the bus from this node (its lease is lost, or the
     * node stops): a command then finds no consumer and fails DEVICE_OFFLINE, or reaches the node that
     * took the controller over. Runs on the gateway context; nothing when it was not served here.
     */
    public Future<Void> unserve(String controllerId) {
        return owner.call(() -> unserveHere(controllerId));
    }

    /** Whether this node serves {@code controllerId}'s doors now. Thread-safe. */
    public boolean drives(String controllerId) {
        return serving.containsKey(controllerId);
    }

    /**
     * The bus this service sends door commands on, which knows every door's command timeout: for others
     * that send to doors themselves (reader signals), so that they compute the same deadlines.
     */
    public DoorBus bus() {
        return bus;
    }

    /** What this node hears of the other nodes' doors and controllers; null on a single node. */
    public RemoteDoorStates remoteStates() {
        return remote;
    }

    private Future<Void> serveHere(String controllerId, List<DoorController> controllerDoors) {
        List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
        for (DoorController c : controllerDoors) {
            local.put(c.doorId(), c);
            consumers.add(bus.serve(c));
        }
        serving.put(controllerId, new Served(List.copyOf(controllerDoors), consumers));
        return Future.join(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
    }

    private Future<Void> unserveHere(String controllerId) {
        Served s = serving.remove(controllerId);
        if (s == null) return Future.succeededFuture();
        s.doors().forEach(c -> local.remove(c.doorId(), c));
        return Future.join(s.consumers().stream().map(MessageConsumer::unregister).toList()).mapEmpty();
    }

    private Map<String, DoorState> localStates() {
        Map<String, DoorState> out = new HashMap<>();
        local.forEach((id, c) -> out.put(id, c.state()));
        return out;
    }

    /** Why nobody serves {@code doorId} now, for people; on a single node, that nothing serves its controller. */
    private String unservedReason(String doorId) {
        DoorInfo d = doors.get(doorId);
        String controller = d == null ? "?" : d.controllerId();
        return remote == null ? "no node serves its controller " + controller : remote.unservedReason(controller);
    }

    @Override
    public List<DoorView> doors(String site, String zone) {
        List<DoorView> out = new ArrayList<>();
        for (DoorInfo d : doors.values()) {
            if ((site == null || site.equals(d.site())) && (zone == null || zone.equals(d.zone()))) out.add(view(d));
        }
        return out;
    }

    @Override
    public Optional<DoorView> door(String id) {
        return Optional.ofNullable(doors.get(id)).map(this::view);
    }

    private DoorView view(DoorInfo d) {
        LockdownReport ld = lockdowns.covering(d.id());
        String lockdownId = ld == null ? null : ld.id();
        DoorController c = local.get(d.id());
        if (c != null) return new DoorView(d, c.state(), lockdownId, node, null);
        RemoteDoorStates.Heard<DoorState> heard = remote == null ? null : remote.door(d.id());
        if (heard != null) return new DoorView(d, heard.value(), lockdownId, heard.node(), null);
        return new DoorView(d, DoorState.UNKNOWN, lockdownId, null, "door %s: %s".formatted(d.id(), unservedReason(d.id())));
    }

    /**
     * The door's state: from its controller when this node serves it, else as the node serving it
     * reported it within the window, else UNKNOWN (offline).
     */
    DoorState state(String doorId) {
        DoorController c = local.get(doorId);
        if (c != null) return c.state();
        RemoteDoorStates.Heard<DoorState> heard = remote == null ? null : remote.door(doorId);
        return heard == null ? DoorState.UNKNOWN : heard.value();
    }

    /**
     * Whether this node serves the door now: only then does it re-assert lockdowns on it, and it is the node
     * that runs the door's timed relock.
     */
    boolean servedHere(String doorId) {
        return local.containsKey(doorId);
    }

    boolean known(String doorId) {
        return doors.containsKey(doorId);
    }

    DoorInfo info(String doorId) {
        DoorInfo d = doors.get(doorId);
        if (d == null) throw new WardenException(ErrorCode.NOT_FOUND, "no door '" + doorId + "'");
        return d;
    }

    Iterable<DoorInfo> all() {
        return doors.values();
    }

    @Override
    public Future<CommandOutcome> execute(String doorId, DoorCommand command, Principal who, String source) {
        return execute(doorId, command, who, source, CommandOrigin.OPERATOR);
    }

    @Override
    public Future<CommandOutcome> execute(String doorId, DoorCommand command, Principal who, String source, CommandOrigin origin) {
        return owner.call(() -> meter.count(command, origin, checkAndSend(doorId, command, who, source)));
    }

    /**
     * A door schedule's command (free access), issued by the gateway as {@code schedule:<scheduleId>}
     * with origin {@link CommandOrigin#SCHEDULE}: a lockdown refuses it as it refuses an operator's
     * (audited {@code refused}, in the same words; a lock is never refused), otherwise it is audited,
     * sent and relocked like any command, so the timed relock of an {@code unlock until} is durable.
     * Runs on the gateway context; the answer comes back on the caller's.
     */
    public Future<CommandOutcome> scheduled(String doorId, DoorCommand command, String scheduleId) {
        return execute(doorId, command, new Principal("schedule:" + scheduleId, Role.OPERATOR), null, CommandOrigin.SCHEDULE);
    }

    private Future<CommandOutcome> checkAndSend(String doorId, DoorCommand command, Principal who, String source) {
        DoorInfo d;
        try {
            d = info(doorId);
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        if (command instanceof DoorCommand.Unlock u && u.until() != null) {
            Duration ahead = Duration.between(clock.instant(), u.until());
            if (ahead.compareTo(options.maxUnlock()) > 0) {
                return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST,
                        "unlock until %s is more than %s ahead, the limit (doorPolicy.maxUnlockMinutes = %d)"
                                .formatted(u.until(), text(options.maxUnlock()), options.maxUnlock().toMinutes())));
            }
        }
        String action = describe(command);
        // Lockdown policy refuses what would open the door; a lock, and the gateway's own lockdown and
        // release commands (which the API cannot send), are never refused.
        if (command instanceof DoorCommand.Unlock || command instanceof DoorCommand.Pulse) {
            LockdownReport ld = lockdowns.covering(doorId);
            if (ld != null) {
                String why = "door %s is in %s%s %s, started by %s at %s: %s refused".formatted(doorId, ld.drill() ? "drill " : "",
                        ld.level().id(), ld.id(), ld.startedBy(), ld.startedAt(), command.name());
                return audit.append(entry(d, who, source, action, "refused", why))
                        .compose(r -> Future.failedFuture(new PolicyException(PolicyCode.LOCKDOWN_ACTIVE, why)));
            }
        }
        return dispatch(d, command, action, who, source, null);
    }

    /**
     * A command the gateway issues itself ({@code origin}), counted; see {@link #dispatch}. Call on the
     * gateway context (lockdowns, re-asserts and relocks run there).
     */
    Future<CommandOutcome> send(DoorInfo d, DoorCommand command, CommandOrigin origin, String action, Principal who, String source,
                                String note) {
        return meter.count(command, origin, dispatch(d, command, action, who, source, note));
    }

    /**
     * Audit the request, send it to the owning node, audit the device's answer, then answer. Timed
     * relocks follow every command that reaches the device.
     *
     * @param note why the system sends it (e.g. the unlock a relock ends): the requested record's detail,
     *             and added to the answer's; null for an operator's command
     */
    private Future<CommandOutcome> dispatch(DoorInfo d, DoorCommand command, String action, Principal who, String source, String note) {
        long started = System.nanoTime();
        Instant deadline = bus.deadline(d.id()); // from here on, the door's command timeout runs
        String offline = knownOffline(d);
        if (offline != null) {
            String why = offline;
            return audit.append(entry(d, who, source, action, "failed", note == null ? why : why + "; " + note))
                    .compose(r -> Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, why)));
        }
        return audit.append(entry(d, who, source, action, "requested", note))
                .compose(r -> relocks.beforeSend(d, command, who, r).recover(e -> { // no durable relock, no unlock
                    String why = "door %s: the relock could not be saved, so the door was not unlocked: %s".formatted(d.id(), e.getMessage());
                    return audit.append(entry(d, who, source, action, "failed", why))
                            .compose(x -> Future.failedFuture(new WardenException(ErrorCode.INTERNAL, why)));
                }))
                .compose(ticket -> bus.send(d.id(), command, deadline).transform(ar -> {
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    ErrorCode code = ar.succeeded() ? null : WardenException.codeOf(ar.cause());
                    Future<Void> relocked = relocks.afterAnswer(ticket, code, d.pulse()).otherwiseEmpty();
                    if (ar.succeeded()) {
                        CommandOutcome ok = new CommandOutcome(d.id(), command.name(), "confirmed", ar.result().getString("detail"), ms);
                        return relocked.compose(x -> audit.append(entry(d, who, source, action, "confirmed", withNote(ok.detail(), note)))).map(ok);
                    }
                    // The device's own error (DEVICE_TIMEOUT, DEVICE_REJECTED...) is the answer, with its status.
                    return relocked.compose(x -> audit.append(entry(d, who, source, action, "failed", withNote(ar.cause().getMessage(), note))))
                            .compose(x -> Future.failedFuture(ar.cause()));
                }));
    }

    /**
     * Why a command to {@code d} fails at once, or null: its controller is offline here, or the node
     * serving it reports it offline (heard within the window). A door nobody serves is sent anyway: the
     * bus fails it DEVICE_OFFLINE at once, or reaches a node that has just started serving it.
     */
    private String knownOffline(DoorInfo d) {
        DoorController c = local.get(d.id());
        if (c != null) return c.state().online() ? null : "door %s: controller %s is offline".formatted(d.id(), d.controllerId());
        RemoteDoorStates.Heard<DoorState> heard = remote == null ? null : remote.door(d.id());
        if (heard == null || heard.value().online()) return null;
        return "door %s: controller %s is offline (reported by node %s)".formatted(d.id(), d.controllerId(), heard.node());
    }

    /**
     * Let someone through whose card (and PIN) was accepted: on the gateway context, check the lockdown
     * again (one may have started since the decision), then send the door's pulse and, right behind it,
     * the GRANTED signal for the pulse's time. Nothing waits for an audit write: the caller records the
     * decision, and this records nothing, so the strike goes out first. Counted with origin
     * {@link CommandOrigin#ACCESS}. For a lockdown entry, the lockdown's enforcer is told the door's
     * unlocked report until the pulse's end is expected (the lockdown stays active and the door
     * relocks by itself).
     *
     * @param passes the strongest level the decision admitted through: {@code LOCKDOWN} for a lockdown-entry holder,
     *               {@code SECURE} for a secure's admitted kind, null when no lockdown covered the door. A lockdown
     *               stronger than that covering the door now (one started since the decision) refuses the pulse
     * @return the device's answer to the pulse: fails with LOCKDOWN_ACTIVE ({@link PolicyException}) when a lockdown now
     *         covers the door that the decision did not pass, NOT_FOUND for an unknown door, or with the device's error
     */
    public Future<Void> admit(String doorId, LockdownRequest.Level passes) {
        return owner.call(() -> {
            DoorInfo d;
            try {
                d = info(doorId);
            } catch (WardenException e) {
                return Future.failedFuture(e);
            }
            LockdownReport ld = lockdowns.covering(doorId);
            if (ld != null && (passes == null || passes == LockdownRequest.Level.SECURE && ld.level() == LockdownRequest.Level.LOCKDOWN)) {
                return Future.failedFuture(new PolicyException(PolicyCode.LOCKDOWN_ACTIVE, "door %s is in %s%s %s since the decision: pulse refused"
                        .formatted(doorId, ld.drill() ? "drill " : "", ld.level().id(), ld.id())));
            }
            DoorCommand.Pulse pulse = new DoorCommand.Pulse(d.pulse());
            Instant deadline = bus.deadline(doorId);
            if (ld != null) enforcer.expectUnlockedUntil(doorId, clock.instant().plus(d.pulse()).plus(options.reassertEvery()));
            Future<Void> sent = meter.countAny(pulse, CommandOrigin.ACCESS, bus.send(doorId, pulse, deadline)).mapEmpty();
            bus.signal(doorId, ReaderSignal.GRANTED, d.pulse(), deadline).onFailure(e -> log(doorId, ReaderSignal.GRANTED, e));
            return sent;
        });
    }

    /** A signal that did not reach the reader is logged, never audited (the decision is on record either way). */
    static void log(String doorId, ReaderSignal signal, Throwable e) {
        if (WardenException.codeOf(e) == ErrorCode.UNSUPPORTED) return; // a door without a reader to signal
        org.slf4j.LoggerFactory.getLogger(GatewayDoorService.class).warn("event=reader_signal_failed door={} signal={} error=\"{}\"",
                doorId, signal, e.getMessage());
    }

    /** The active lockdown covering the door, or null; thread-safe, no I/O (decisions read it on the hot path). */
    public LockdownReport lockdownCovering(String doorId) {
        return lockdowns.covering(doorId);
    }

    /** A command sent without audit records: the quiet re-asserts of a door that keeps disagreeing with its lockdown. */
    Future<Void> sendUnaudited(String doorId, DoorCommand command) {
        return meter.countAny(command, CommandOrigin.REASSERT, bus.send(doorId, command, bus.deadline(doorId))).mapEmpty();
    }

    private static String withNote(String detail, String note) {
        return note == null ? detail : detail + "; " + note;
    }

    private static String text(Duration d) {
        return d.toMinutes() % 60 == 0 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    @Override
    public Future<LockdownReport> startLockdown(LockdownRequest request, Principal who, String source) {
        return owner.call(() -> lockdowns.start(request, who, source));
    }

    @Override
    public Future<LockdownReport> release(String lockdownId, Principal who, String source) {
        return owner.call(() -> lockdowns.release(lockdownId, who, source));
    }

    @Override
    public List<LockdownReport> activeLockdowns() {
        return lockdowns.active().stream().map(this::withDisagreements).toList();
    }

    @Override
    public Optional<LockdownReport> lockdown(String id) {
        return lockdowns.get(id).map(this::withDisagreements);
    }

    @Override
    public List<LockdownReport.Disagreement> disagreeingDoors() {
        return enforcer.disagreeing();
    }

    /** The doors owed a release now (their release failed; retried while the gateway runs), with the lockdown each is owed for. */
    Map<String, String> owedReleases() {
        return enforcer.owedReleases();
    }

    /** The timed relocks pending now, by door. */
    public Map<String, TimedRelock> pendingRelocks() {
        return relocks.pending();
    }

    private LockdownReport withDisagreements(LockdownReport l) {
        List<LockdownReport.Disagreement> now = l.active() ? enforcer.disagreeing() : List.of();
        if (now.isEmpty()) return l;
        List<LockdownReport.DoorResult> doorsNow = l.doors().stream().map(r -> now.stream()
                .filter(x -> x.door().equals(r.id()) && x.lockdownId().equals(l.id())).findFirst()
                .map(x -> new LockdownReport.DoorResult(r.id(), r.status(), r.latencyMs(), r.detail(), x)).orElse(r)).toList();
        return new LockdownReport(l.id(), l.level(), l.scope(), l.drill(), l.reason(), l.startedBy(), l.startedAt(), doorsNow,
                l.releasedBy(), l.releasedAt(), l.releases());
    }

    AuditEntry entry(DoorInfo d, Principal who, String source, String action, String result, String detail) {
        return new AuditEntry(clock.instant(), "door.command", who.name(), source, d.site(), d.zone(), d.id(), null, null,
                action, result, detail);
    }

    static String describe(DoorCommand c) {
        if (c instanceof DoorCommand.Unlock u && u.until() != null) return "unlock until " + u.until();
        if (c instanceof DoorCommand.Pulse p && p.duration() != null) return "pulse " + p.duration().toMillis() / 1000.0 + " s";
        return c.name();
    }
}
