package io.warden.sim.onvif.door;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.onvif.soap.OnvifNs;
import io.warden.sim.onvif.OnvifCameraSimulator;
import io.warden.sim.onvif.OnvifSimCall;
import io.warden.sim.onvif.OnvifSimDeviceBase;
import io.warden.sim.onvif.OnvifSimDeviceService;
import io.warden.sim.onvif.OnvifSimEndpoint;
import io.warden.sim.onvif.OnvifSimEventService;
import io.warden.sim.onvif.OnvifSimNotification;
import io.warden.sim.onvif.OnvifSimXml;
import io.warden.sim.onvif.OnvifSoapFault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated ONVIF Profile C door controller (onvif.md §6): device, door control, access control and
 * event services over SOAP 1.2 on one HTTP port, WS-Security checked as the camera simulator checks it,
 * the spec's door-mode state machine (LockedDown refuses everything but its release, LockedOpen
 * likewise, Blocked refuses AccessDoor), paging with a small page size, and pull-point events for
 * door state and access decisions. Scriptable: card reads the controller grants or denies, the door
 * contact, the request-to-exit button; restart on demand (its subscriptions vanish); silence.
 *
 * <p>Like common hardware it never volunteers more than the spec promises: after a restart nobody is
 * told, every connection drops, a subscription simply stops existing (ResourceUnknown), and doors come
 * back Locked. While silent ({@link #setAnswering}) it reads requests and answers none; a reply delay
 * makes every answer late. A new subscription starts with an Initialized burst (six door properties per
 * door); after that each change is one Changed message. The SOAP side (endpoint, authentication, device
 * and event services) is the camera simulator's.
 *
 * <p>Threading: requests, timers and state live on one Vert.x context; the scripting and inspection
 * methods may be called from any thread and return once done.
 */
public final class OnvifDoorControllerSimulator extends OnvifSimDeviceBase {
    private static final Logger log = LoggerFactory.getLogger(OnvifDoorControllerSimulator.class);
    /** AccessTime overrides are clamped to this range (best effort, never a fault: onvif.md §6.1). */
    static final Duration MIN_ACCESS = Duration.ofMillis(100);
    static final Duration MAX_ACCESS = Duration.ofHours(1);
    private static final OnvifCameraSimulator.DeviceInfo DEVICE =
            new OnvifCameraSimulator.DeviceInfo("Warden", "Simulated door controller", "1.0.0", "SIM-DC-0001", "WSIM-DC");

    /**
     * One door.
     *
     * @param token       its DoorToken
     * @param name        its name
     * @param releaseTime how long AccessDoor unlocks without an AccessTime override
     */
    public record Door(String token, String name, Duration releaseTime) {
        public Door {
            Objects.requireNonNull(token, "token");
            name = name == null ? token : name;
            releaseTime = releaseTime == null ? Duration.ofSeconds(5) : releaseTime;
        }
    }

    /**
     * @param host     address to bind and to advertise
     * @param httpPort 0 for any free one
     * @param doors    each door gets two access points, {@code <token>-in} and {@code <token>-out}
     * @param pageSize the most items one GetDoorInfoList / GetAccessPointInfoList page returns
     * @param clock    the device's clock (skew it to simulate a drifting device)
     */
    public record Config(String host, int httpPort, String username, String password, List<Door> doors, int pageSize, Clock clock) {
        public Config {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            doors = List.copyOf(doors);
            if (doors.isEmpty()) throw new IllegalArgumentException("doors: at least one door");
            Set<String> tokens = new HashSet<>();
            for (Door d : doors) {
                if (!tokens.add(d.token())) throw new IllegalArgumentException("doors: duplicate token " + d.token());
            }
            clock = clock == null ? Clock.systemUTC() : clock;
            if (pageSize < 1) throw new IllegalArgumentException("pageSize: at least 1");
        }

        /** {@code n} doors {@code Door_1..n}, page size 2, on any free port. */
        public static Config of(String host, String username, String password, int n) {
            List<Door> doors = new ArrayList<>();
            for (int i = 1; i <= n; i++) doors.add(new Door("Door_" + i, "Door " + i, null));
            return new Config(host, 0, username, password, doors, 2, Clock.systemUTC());
        }

        public Config withPort(int port) {
            return new Config(host, port, username, password, doors, pageSize, clock);
        }

        public Config withClock(Clock c) {
            return new Config(host, httpPort, username, password, doors, pageSize, c);
        }
    }

    private final Config config;
    private final Map<String, SimulatedDoor> doors = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final OnvifSimEventService events;
    private final OnvifSimEndpoint endpoint;
    private volatile int boundPort;
    private volatile boolean answering = true;
    private volatile Duration replyDelay = Duration.ZERO;
    private volatile Duration clockOffset = Duration.ZERO;
    private volatile Duration openTime = Duration.ofSeconds(10);

    public OnvifDoorControllerSimulator(Vertx vertx, Config config) {
        super(vertx, config.host(), config.username(), config.password(), config.clock());
        this.config = config;
        this.context = vertx.getOrCreateContext();
        for (Door d : config.doors()) doors.put(d.token(), new SimulatedDoor(d));
        Map<String, OnvifSimCall.Operation> ops = new HashMap<>();
        OnvifSimDoorControlService doorControl = new OnvifSimDoorControlService(this);
        OnvifSimAccessControlService accessControl = new OnvifSimAccessControlService(this);
        new OnvifSimDeviceService(this, List.of(
                new OnvifSimDeviceService.Service(OnvifNs.TDC, "doorcontrol_service", doorControl.capabilities()),
                new OnvifSimDeviceService.Service(OnvifNs.TAC, "accesscontrol_service", accessControl.capabilities()),
                new OnvifSimDeviceService.Service(OnvifNs.TEV, "event_service", OnvifSimEventService.CAPABILITIES)), List.of("C")).register(ops);
        doorControl.register(ops);
        accessControl.register(ops);
        events = new OnvifSimEventService(this, this::propertyStates);
        events.register(ops);
        ops.replaceAll((key, op) -> call -> {
            received.computeIfAbsent(call.request().getLocalName(), k -> new AtomicInteger()).incrementAndGet();
            return op.handle(call);
        });
        endpoint = new OnvifSimEndpoint(this, ops, null);
    }

    /** Binds HTTP; fails when the port is taken. */
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        context.runOnContext(v -> endpoint.listen(config.host(), config.httpPort()).onComplete(ar -> {
            if (ar.failed()) {
                started.fail(ar.cause());
                return;
            }
            boundPort = ar.result().actualPort();
            log.info("event=onvif_door_sim_started doors={} device_service={}", doors.size(), deviceServiceUri());
            started.complete();
        }));
        return started.future();
    }

    /** Closes the server; pending pulls and access timers end. */
    public Future<Void> stop() {
        Promise<Void> quiet = Promise.promise();
        context.runOnContext(v -> {
            events.reset();
            for (SimulatedDoor d : doors.values()) cancelAccess(d);
            quiet.complete();
        });
        return quiet.future().compose(v -> endpoint.close());
    }

    @Override
    public int httpPort() {
        return boundPort;
    }

    // ---- the device's own view, for tests ----

    /** The door's mode as the controller holds it now. */
    public DoorState.Mode mode(String door) {
        return onContext(() -> known(door).mode);
    }

    /** Whether the door's lock is released now (Unlocked, Accessed, LockedOpen). */
    public boolean strikeReleased(String door) {
        return mode(door).lock() == DoorState.LockState.UNLOCKED;
    }

    /** How many times the controller received {@code operation} (e.g. "UnlockDoor") for any door since start. */
    public int received(String operation) {
        AtomicInteger n = received.get(operation);
        return n == null ? 0 : n.get();
    }

    /** How many SOAP requests (of any operation) the controller received since start. */
    public int receivedAll() {
        return received.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Requests the silent device holds whose client still waits (see {@link #setAnswering}). */
    public int heldRequests() {
        return onContext(endpoint::held);
    }

    /** Live event subscriptions. */
    public int subscriptions() {
        return onContext(events::subscriptions);
    }

    // ---- things that happen at the door ----

    /** Open or close the door (DoorPhysicalState; a locked door opened is DoorForcedOpen, cleared when it closes). */
    public void setContact(String door, boolean open) {
        onContext(() -> {
            SimulatedDoor d = known(door);
            if (d.open == open) return null;
            d.open = open;
            Instant now = deviceNow();
            events.publish(d.message("DoorPhysicalState", open ? "Open" : "Closed", now, "Changed"));
            if (open && d.mode.lock() == DoorState.LockState.LOCKED) {
                setAlarm(d, "DoorForcedOpen");
            } else if (open && d.mode == DoorState.Mode.ACCESSED) {
                // opened through an access: it must close within OpenTime (timing alarms are masked when Unlocked)
                Duration limit = d.accessOpenTime != null ? d.accessOpenTime : openTime;
                d.openTimer = vertx.setTimer(Math.max(1, limit.toMillis()), id -> {
                    d.openTimer = -1;
                    if (d.open && d.mode != DoorState.Mode.UNLOCKED && d.mode != DoorState.Mode.LOCKED_OPEN) setAlarm(d, "DoorOpenTooLong");
                });
            } else if (!open) {
                if (d.openTimer >= 0) vertx.cancelTimer(d.openTimer);
                d.openTimer = -1;
                setAlarm(d, "Normal");
            }
            return null;
        });
    }

    /** The request-to-exit button: the controller grants anonymous egress at the door's exit point (AccessGranted/Anonymous) and accesses the door. */
    public void pressRequestToExit(String door) {
        onContext(() -> {
            SimulatedDoor d = known(door);
            events.publish(new OnvifSimNotification("AccessControl/AccessGranted/Anonymous", deviceNow(), null,
                    Map.of("AccessPointToken", door + "-out"), Map.of()));
            grantAccess(d);
            return null;
        });
    }

    /**
     * A card at the door's entry point. The controller decides: granted (AccessGranted/Credential, then it
     * accesses the door unless its mode refuses) or denied (Denied/Credential with {@code reason}, one of
     * ONVIF's reasons such as {@code CredentialExpired}).
     */
    public void presentCard(String door, String credentialToken, String holderName, boolean granted, String reason) {
        Objects.requireNonNull(credentialToken, "credentialToken");
        onContext(() -> {
            SimulatedDoor d = known(door);
            Map<String, String> data = new LinkedHashMap<>();
            data.put("CredentialToken", credentialToken);
            if (holderName != null) data.put("CredentialHolderName", holderName);
            if (!granted) data.put("Reason", reason == null ? "Other" : reason);
            events.publish(new OnvifSimNotification(granted ? "AccessControl/AccessGranted/Credential" : "AccessControl/Denied/Credential",
                    deviceNow(), null, Map.of("AccessPointToken", door + "-in"), data));
            if (granted) grantAccess(d);
            return null;
        });
    }

    /** How long a door opened through an access may stay open before DoorOpenTooLong (default 10 s; AccessDoor's OpenTooLongTime overrides it). */
    public void setOpenTime(Duration openTime) {
        this.openTime = Objects.requireNonNull(openTime, "openTime");
    }

    /** The door's tamper switch: DoorTamper TamperDetected (with {@code reason}) or, null, NotInTamper. */
    public void setTamper(String door, String reason) {
        onContext(() -> {
            SimulatedDoor d = known(door);
            if (Objects.equals(d.tamper, reason)) return null;
            d.tamper = reason;
            events.publish(d.message("DoorTamper", reason == null ? "NotInTamper" : "TamperDetected", deviceNow(), "Changed"));
            return null;
        });
    }

    /** A door fault (e.g. a lock that does not engage): DoorFault FaultDetected with {@code reason}, or, null, NotInFault. */
    public void setFault(String door, String reason) {
        onContext(() -> {
            SimulatedDoor d = known(door);
            if (Objects.equals(d.fault, reason)) return null;
            d.fault = reason;
            events.publish(d.faultMessage(deviceNow(), "Changed"));
            return null;
        });
    }

    // ---- habits ----

    /**
     * Reboot: every connection drops, every subscription vanishes with its queued messages (nobody is told), doors
     * come back Locked (LockedDown stays: it is latched), the clock keeps running.
     */
    public void restart() {
        onContext(() -> {
            endpoint.dropConnections(); // first: a rebooting device answers nothing, not even the pulls its reset ends
            events.reset();
            for (SimulatedDoor d : doors.values()) {
                cancelAccess(d);
                if (d.openTimer >= 0) vertx.cancelTimer(d.openTimer);
                d.openTimer = -1;
                d.mode = d.mode == DoorState.Mode.LOCKED_DOWN ? DoorState.Mode.LOCKED_DOWN : DoorState.Mode.LOCKED;
                d.beforeAccess = DoorState.Mode.LOCKED;
            }
            log.info("event=onvif_door_sim_restarted");
            return null;
        });
    }

    /** Stop answering (requests hang until the client gives up) or answer again. */
    public void setAnswering(boolean answering) {
        this.answering = answering;
        if (answering) context.runOnContext(v -> endpoint.resume());
    }

    /** Answer every request this much later (default zero). */
    public void setReplyDelay(Duration delay) {
        this.replyDelay = delay == null ? Duration.ZERO : delay;
    }

    /** Make the device's clock run {@code offset} ahead (negative: behind) of the one it was configured with. */
    public void setClockOffset(Duration offset) {
        this.clockOffset = offset == null ? Duration.ZERO : offset;
    }

    // ---- OnvifSimDevice ----

    @Override
    public Duration clockOffset() {
        return clockOffset;
    }

    @Override
    public OnvifCameraSimulator.DeviceInfo deviceInfo() {
        return DEVICE;
    }

    @Override
    public boolean answering() {
        return answering;
    }

    @Override
    public Duration responseDelay() {
        return replyDelay;
    }

    // ---- for the services (on the context) ----

    Config config() {
        return config;
    }

    List<SimulatedDoor> doors() {
        return List.copyOf(doors.values());
    }

    /** The door, or Sender/InvalidArgs/NotFound. */
    SimulatedDoor door(String token) {
        SimulatedDoor d = doors.get(token);
        if (d == null) throw OnvifSoapFault.sender("Unknown door token " + OnvifSimXml.clip(token), "InvalidArgs", "NotFound");
        return d;
    }

    /** A door command through the state machine; a refusal is Receiver/Action/Failure naming the mode. */
    void command(String token, DoorModeTable.Command cmd, Duration accessTime, Duration openTooLongTime) {
        SimulatedDoor d = door(token);
        DoorModeTable.Outcome o = DoorModeTable.apply(token, d.mode, cmd);
        if (o.refused()) throw OnvifSoapFault.receiver(o.refusal(), "Action", "Failure");
        if (cmd == DoorModeTable.Command.ACCESS) {
            access(d, accessTime == null ? d.config.releaseTime() : clamp(accessTime));
            d.accessOpenTime = openTooLongTime == null ? null : clamp(openTooLongTime);
        } else {
            cancelAccess(d);
            setMode(d, o.next());
        }
    }

    private static Duration clamp(Duration d) {
        return d.compareTo(MIN_ACCESS) < 0 ? MIN_ACCESS : d.compareTo(MAX_ACCESS) > 0 ? MAX_ACCESS : d;
    }

    /** Accessed for {@code time}, then back to the mode before; a second access restarts the timer. */
    private void access(SimulatedDoor d, Duration time) {
        if (d.mode != DoorState.Mode.ACCESSED) d.beforeAccess = d.mode;
        cancelAccess(d);
        d.accessOpenTime = null;
        setMode(d, DoorState.Mode.ACCESSED);
        d.accessTimer = vertx.setTimer(Math.max(1, time.toMillis()), id -> {
            d.accessTimer = -1;
            if (d.mode == DoorState.Mode.ACCESSED) setMode(d, d.beforeAccess);
        });
    }

    /** A granted card or REX: the door is accessed unless it is locked down or blocked, or already free. */
    private void grantAccess(SimulatedDoor d) {
        switch (d.mode) {
            case LOCKED, DOUBLE_LOCKED, ACCESSED -> access(d, d.config.releaseTime());
            default -> { }
        }
    }

    private void cancelAccess(SimulatedDoor d) {
        if (d.accessTimer >= 0) vertx.cancelTimer(d.accessTimer);
        d.accessTimer = -1;
    }

    private void setMode(SimulatedDoor d, DoorState.Mode mode) {
        if (d.mode == mode) return;
        String lockBefore = d.lockState();
        d.mode = mode;
        Instant now = deviceNow();
        events.publish(d.message("DoorMode", DoorModeTable.onvif(mode), now, "Changed"));
        if (!lockBefore.equals(d.lockState())) events.publish(d.message("LockPhysicalState", d.lockState(), now, "Changed"));
    }

    private void setAlarm(SimulatedDoor d, String alarm) {
        if (d.alarm.equals(alarm)) return;
        d.alarm = alarm;
        events.publish(d.message("DoorAlarm", alarm, deviceNow(), "Changed"));
    }

    private List<OnvifSimNotification> propertyStates() {
        Instant now = deviceNow();
        List<OnvifSimNotification> out = new ArrayList<>();
        for (SimulatedDoor d : doors.values()) out.addAll(d.properties(now, "Initialized"));
        return out;
    }

    private SimulatedDoor known(String token) {
        SimulatedDoor d = doors.get(token);
        if (d == null) throw new IllegalArgumentException("no door " + token);
        return d;
    }

    /** Runs {@code work} on the simulator's context and waits for it (at once when already there). */
    private <T> T onContext(Supplier<T> work) {
        if (Vertx.currentContext() == context) return work.get();
        CompletableFuture<T> f = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                f.complete(work.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the simulator's event loop did not run for 10 s", e);
        }
    }
}
