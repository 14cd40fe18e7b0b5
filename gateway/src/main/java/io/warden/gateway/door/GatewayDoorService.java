package io.warden.gateway.door;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.auth.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Doors and lockdowns: lockdown beats an operator's command, every command is audited as requested
 * and again with the device's answer (durable before the caller hears back), commands to an offline
 * door fail at once and are never queued. Lockdown policy lives in {@link Lockdowns}.
 */
public final class GatewayDoorService implements DoorService {
    private final Map<String, DoorInfo> doors = new LinkedHashMap<>();
    private final Map<String, DoorController> local;
    private final DoorBus bus;
    private final AuditStore audit;
    private final Clock clock;
    private final Lockdowns lockdowns;
    private final Map<String, Boolean> reasserting = new ConcurrentHashMap<>();
    private final List<MessageConsumer<JsonObject>> serving = new ArrayList<>();
    private final Vertx vertx;
    private long reassertTimer = -1;

    private GatewayDoorService(Vertx vertx, List<DoorInfo> doorList, Map<String, DoorController> local, AuditStore audit,
                               LockdownStore store, Clock clock) {
        this.vertx = vertx;
        doorList.forEach(d -> doors.put(d.id(), d));
        this.local = Map.copyOf(local);
        this.bus = new DoorBus(vertx, clock);
        this.audit = audit;
        this.clock = clock;
        this.lockdowns = new Lockdowns(this, store, audit, clock);
    }

    /**
     * @param local the doors this node drives (all of them on a single node), keyed by door id
     */
    public static Future<GatewayDoorService> start(Vertx vertx, List<DoorInfo> doors, Map<String, DoorController> local,
                                                   AuditStore audit, LockdownStore store, Clock clock, Duration reassertEvery) {
        GatewayDoorService s = new GatewayDoorService(vertx, doors, local, audit, store, clock);
        local.values().forEach(c -> s.serving.add(s.bus.serve(c)));
        return s.lockdowns.load().map(v -> {
            s.reassertTimer = vertx.setPeriodic(reassertEvery.toMillis(), id -> s.reassertLockdowns());
            return s;
        });
    }

    /**
     * Stop re-asserting lockdowns and stop serving this node's doors on the event bus (the node is
     * shutting down), so that commands no longer reach controllers that are about to stop: a node
     * started again on the same Vert.x instance, or another node of a cluster, then serves them alone.
     */
    public Future<Void> stop() {
        vertx.cancelTimer(reassertTimer);
        return Future.join(serving.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
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
        return new DoorView(d, state(d.id()), ld == null ? null : ld.id());
    }

    DoorState state(String doorId) {
        DoorController c = local.get(doorId);
        return c == null ? DoorState.UNKNOWN : c.state();
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
        DoorInfo d;
        try {
            d = info(doorId);
        } catch (WardenException e) {
            return Future.failedFuture(e);
        }
        String action = describe(command);
        if (!(command instanceof DoorCommand.Lock)) {
            LockdownReport ld = lockdowns.covering(doorId);
            if (ld != null) {
                String why = "door %s is in %s%s %s, started by %s at %s: %s refused".formatted(doorId, ld.drill() ? "drill " : "",
                        ld.level().id(), ld.id(), ld.startedBy(), ld.startedAt(), command.name());
                return audit.append(entry(d, who, source, action, "refused", why))
                        .compose(r -> Future.failedFuture(new PolicyException(PolicyCode.LOCKDOWN_ACTIVE, why)));
            }
        }
        return send(d, command, action, who, source);
    }

    /** Audit the request, send it to the owning node, audit the device's answer, then answer. */
    Future<CommandOutcome> send(DoorInfo d, DoorCommand command, String action, Principal who, String source) {
        long started = System.nanoTime();
        Instant deadline = bus.deadline(d.id()); // from here on, the door's command timeout runs
        if (!state(d.id()).online() && local.containsKey(d.id())) {
            String why = "door %s: controller %s is offline".formatted(d.id(), d.controllerId());
            return audit.append(entry(d, who, source, action, "failed", why))
                    .compose(r -> Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, why)));
        }
        return audit.append(entry(d, who, source, action, "requested", null))
                .compose(r -> bus.send(d.id(), command, deadline).transform(ar -> {
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    if (ar.succeeded()) {
                        CommandOutcome ok = new CommandOutcome(d.id(), command.name(), "confirmed", ar.result().getString("detail"), ms);
                        return audit.append(entry(d, who, source, action, "confirmed", ok.detail())).map(ok);
                    }
                    // The device's own error (DEVICE_TIMEOUT, DEVICE_REJECTED...) is the answer, with its status.
                    return audit.append(entry(d, who, source, action, "failed", ar.cause().getMessage()))
                            .compose(x -> Future.failedFuture(ar.cause()));
                }));
    }

    @Override
    public Future<LockdownReport> startLockdown(LockdownRequest request, Principal who, String source) {
        return lockdowns.start(request, who, source);
    }

    @Override
    public Future<LockdownReport> release(String lockdownId, Principal who, String source) {
        return lockdowns.release(lockdownId, who, source);
    }

    @Override
    public List<LockdownReport> activeLockdowns() {
        return lockdowns.active();
    }

    @Override
    public Optional<LockdownReport> lockdown(String id) {
        return lockdowns.get(id);
    }

    /**
     * Doors under an active lockdown that the device reports unlocked (after a restart, a power
     * cycle, or someone at the panel) are locked again by the system.
     */
    private void reassertLockdowns() {
        for (LockdownReport ld : lockdowns.active()) {
            for (LockdownReport.DoorResult r : ld.doors()) {
                DoorState st = state(r.id());
                if (!st.online() || st.lock() != DoorState.LockState.UNLOCKED || reasserting.putIfAbsent(r.id(), true) != null) continue;
                send(info(r.id()), new DoorCommand.Lock(), "lock (re-assert " + ld.id() + ")", Principal.SYSTEM, null)
                        .onComplete(ar -> reasserting.remove(r.id()));
            }
        }
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
