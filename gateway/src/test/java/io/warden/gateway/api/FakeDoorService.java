package io.warden.gateway.api;

import io.vertx.core.Future;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.door.CommandOutcome;
import io.warden.gateway.door.DoorInfo;
import io.warden.gateway.door.DoorService;
import io.warden.gateway.door.DoorView;
import io.warden.gateway.door.LockdownReport;
import io.warden.gateway.door.LockdownRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Three doors in memory; commands confirm at once unless the door is offline or locked down. */
final class FakeDoorService implements DoorService {
    static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

    record Call(String door, DoorCommand command, Principal who, String source) {}

    private final Map<String, DoorView> doors = new LinkedHashMap<>();
    private final Map<String, LockdownReport> lockdowns = new LinkedHashMap<>();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<LockdownReport.Disagreement> disagreeing = new CopyOnWriteArrayList<>();

    FakeDoorService() {
        put(new DoorInfo("d1", "Front entrance", "north-hs", "bldg-a", true, "osdp-1", "osdp", Duration.ofSeconds(5), null,
                List.of("cam-1", "cam-2"), "North High School", "Building A"), new DoorState(DoorState.LockState.LOCKED, DoorState.ContactState.CLOSED, true, T0));
        put(new DoorInfo("d2", "Gym", "north-hs", "bldg-b", false, "osdp-1", "osdp", Duration.ofSeconds(5), null, null),
                new DoorState(DoorState.LockState.UNLOCKED, DoorState.ContactState.OPEN, true, T0));
        put(new DoorInfo("d3", "Portable 7", "south-ms", "portables", true, "osdp-2", "osdp", Duration.ofSeconds(5), null, null),
                DoorState.UNKNOWN);
    }

    private synchronized void put(DoorInfo info, DoorState state) {
        doors.put(info.id(), new DoorView(info, state, null));
    }

    @Override
    public synchronized List<DoorView> doors(String site, String zone) {
        List<DoorView> out = new ArrayList<>();
        for (DoorView v : doors.values()) {
            if ((site == null || site.equals(v.info().site())) && (zone == null || zone.equals(v.info().zone()))) out.add(v);
        }
        return out;
    }

    @Override
    public synchronized Optional<DoorView> door(String id) {
        return Optional.ofNullable(doors.get(id));
    }

    @Override
    public synchronized Future<CommandOutcome> execute(String doorId, DoorCommand command, Principal who, String source) {
        DoorView v = doors.get(doorId);
        if (v == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no door '" + doorId + "'"));
        if (v.lockdownId() != null && (command instanceof DoorCommand.Unlock || command instanceof DoorCommand.Pulse)) {
            LockdownReport l = lockdowns.get(v.lockdownId());
            return Future.failedFuture(new PolicyException(PolicyCode.LOCKDOWN_ACTIVE,
                    "door " + doorId + " is held by lockdown " + l.id() + " started by " + l.startedBy()));
        }
        if (!v.state().online()) return Future.failedFuture(new WardenException(ErrorCode.DEVICE_OFFLINE, "controller osdp-2 is offline"));
        calls.add(new Call(doorId, command, who, source));
        return Future.succeededFuture(new CommandOutcome(doorId, command.name(), "confirmed", "ack", 42));
    }

    @Override
    public synchronized Future<LockdownReport> startLockdown(LockdownRequest request, Principal who, String source) {
        String id = "ld-" + (lockdowns.size() + 1);
        List<LockdownReport.DoorResult> results = new ArrayList<>();
        for (DoorView v : new ArrayList<>(doors.values())) {
            LockdownRequest.Scope s = request.scope();
            boolean in = s.site() != null ? s.site().equals(v.info().site())
                    : s.zone() != null ? s.zone().equals(v.info().zone()) : s.doors().contains(v.info().id());
            if (!in) continue;
            doors.put(v.info().id(), new DoorView(v.info(), v.state(), id));
            results.add(new LockdownReport.DoorResult(v.info().id(), v.state().online() ? "confirmed" : "offline", 12, null));
        }
        if (results.isEmpty()) return Future.failedFuture(new WardenException(ErrorCode.BAD_REQUEST, "no doors in scope " + request.scope()));
        LockdownReport r = new LockdownReport(id, request.level(), request.scope(), request.drill(), request.reason(), who.name(),
                T0, results, null, null);
        lockdowns.put(id, r);
        return Future.succeededFuture(r);
    }

    @Override
    public synchronized Future<LockdownReport> release(String lockdownId, Principal who, String source) {
        LockdownReport r = lockdowns.get(lockdownId);
        if (r == null) return Future.failedFuture(new WardenException(ErrorCode.NOT_FOUND, "no lockdown '" + lockdownId + "'"));
        if (!r.active()) {
            // as Lockdowns answers it (GatewayDoorServiceTest)
            return Future.failedFuture(new io.warden.gateway.PolicyException(io.warden.gateway.PolicyCode.CONFLICT,
                    "lockdown " + lockdownId + " was already released by " + r.releasedBy() + " at " + r.releasedAt()));
        }
        LockdownReport done = new LockdownReport(r.id(), r.level(), r.scope(), r.drill(), r.reason(), r.startedBy(), r.startedAt(),
                r.doors(), who.name(), T0.plusSeconds(60));
        lockdowns.put(lockdownId, done);
        doors.replaceAll((k, v) -> lockdownId.equals(v.lockdownId()) ? new DoorView(v.info(), v.state(), null) : v);
        return Future.succeededFuture(done);
    }

    @Override
    public synchronized List<LockdownReport> activeLockdowns() {
        return lockdowns.values().stream().filter(LockdownReport::active).toList();
    }

    @Override
    public synchronized Optional<LockdownReport> lockdown(String id) {
        return Optional.ofNullable(lockdowns.get(id));
    }

    @Override
    public List<LockdownReport.Disagreement> disagreeingDoors() {
        return List.copyOf(disagreeing);
    }
}
