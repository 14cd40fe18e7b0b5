package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState;
import io.warden.adapter.api.contract.DoorControllerFixture;
import io.warden.adapter.api.testing.RecordingAdapterContext;
import io.warden.adapter.onvif.OnvifDoorControllerAdapter;
import io.warden.adapter.onvif.events.OnvifEventSubscription;
import io.warden.sim.onvif.door.OnvifDoorControllerSimulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ONVIF door-controller adapter, configured as the gateway would (options, doors by DoorToken),
 * with short timings, talking SOAP over HTTP on 127.0.0.1 to a simulated Profile C controller with two
 * doors ({@code Door_1}, {@code Door_2}, page size 2). The door under test is {@code front} on Door_1.
 */
final class OnvifDoorFixture implements DoorControllerFixture {
    static final String USER = "warden";
    static final String PASSWORD = "door-pw-1";
    static final int REQUEST_TIMEOUT_MS = 2000;
    static final OnvifDoorControllerAdapter.Timings TIMINGS = new OnvifDoorControllerAdapter.Timings(Duration.ofMillis(300), 2,
            new OnvifEventSubscription.Options("tns1:Door//.|tns1:AccessControl//.", Duration.ofSeconds(60), Duration.ofSeconds(1),
                    Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(3)));

    final DeviceTimeContext ctx;
    final OnvifDoorControllerSimulator sim;
    final OnvifDoorControllerAdapter adapter;

    /** @param doors door id → DoorToken, in configuration order; the first is the door under test */
    OnvifDoorFixture(Vertx vertx, Clock deviceClock, Map<String, String> doors) {
        this(vertx, deviceClock, doors, port -> port, sim -> {});
    }

    /**
     * @param via     the port the adapter is configured with, given the simulator's (a proxy in between)
     * @param prepare what happens to the started simulator before the adapter starts
     */
    OnvifDoorFixture(Vertx vertx, Clock deviceClock, Map<String, String> doors, java.util.function.IntUnaryOperator via,
                     java.util.function.Consumer<OnvifDoorControllerSimulator> prepare) {
        this(vertx, deviceClock, doors, via, prepare, TIMINGS);
    }

    /** @param timings the adapter's (e.g. a longer health interval) */
    OnvifDoorFixture(Vertx vertx, Clock deviceClock, Map<String, String> doors, java.util.function.IntUnaryOperator via,
                     java.util.function.Consumer<OnvifDoorControllerSimulator> prepare, OnvifDoorControllerAdapter.Timings timings) {
        this(vertx, deviceClock, doors, via, prepare, timings, PASSWORD);
    }

    /** @param configuredPassword the password the adapter is given (the simulator's is {@link #PASSWORD}) */
    OnvifDoorFixture(Vertx vertx, Clock deviceClock, Map<String, String> doors, java.util.function.IntUnaryOperator via,
                     java.util.function.Consumer<OnvifDoorControllerSimulator> prepare, OnvifDoorControllerAdapter.Timings timings,
                     String configuredPassword) {
        ctx = new DeviceTimeContext(new RecordingAdapterContext(vertx, Map.of("CTL_PW", configuredPassword)));
        sim = new OnvifDoorControllerSimulator(vertx, OnvifDoorControllerSimulator.Config.of("127.0.0.1", USER, PASSWORD, 2).withClock(deviceClock));
        await(sim.start());
        prepare.accept(sim);
        JsonObject o = new JsonObject().put("host", "127.0.0.1").put("port", via.applyAsInt(sim.httpPort())).put("username", USER)
                .put("passwordSecret", "CTL_PW").put("requestTimeoutMs", REQUEST_TIMEOUT_MS);
        List<AdapterSpec.Door> specDoors = new ArrayList<>();
        doors.forEach((id, token) -> specDoors.add(new AdapterSpec.Door(id, Duration.ofSeconds(1), Duration.ofSeconds(5),
                new JsonObject().put("token", token), "controllers[0].doors[" + specDoors.size() + "]")));
        adapter = new OnvifDoorControllerAdapter(new AdapterSpec("onvif-ctl", "onvif", o, specDoors, "controllers[0]"), ctx, timings);
        await(adapter.start());
    }

    /** The contract's fixture: Door_1 as {@code front}, Door_2 as {@code side}; returns once front is known and events flow. */
    static OnvifDoorFixture start(Vertx vertx) {
        return start(vertx, Clock.systemUTC());
    }

    static OnvifDoorFixture start(Vertx vertx, Clock deviceClock) {
        Map<String, String> doors = new java.util.LinkedHashMap<>();
        doors.put("front", "Door_1");
        doors.put("side", "Door_2");
        OnvifDoorFixture f = new OnvifDoorFixture(vertx, deviceClock, doors);
        f.awaitReady();
        return f;
    }

    /** Door online with a known lock, and a subscription pulling. */
    void awaitReady() {
        until(() -> door().state().online() && door().state().lock() != DoorState.LockState.UNKNOWN, "door online with a known lock state");
        // the second pull goes out once the first (with the Initialized burst) was handled
        until(() -> sim.received("PullMessages") > 1, "the adapter pulling events");
    }

    DoorController door(String id) {
        return adapter.doors().stream().filter(d -> d.doorId().equals(id)).findFirst().orElseThrow();
    }

    DeviceHealth health() {
        return adapter.health("onvif-ctl");
    }

    @Override
    public DoorController door() {
        return adapter.doors().iterator().next();
    }

    @Override
    public List<DeviceEvent> events() {
        return List.copyOf(ctx.recording.events);
    }

    @Override
    public boolean strikeReleased() {
        return sim.strikeReleased("Door_1");
    }

    @Override
    public void setContact(boolean open) {
        sim.setContact("Door_1", open);
    }

    @Override
    public void pressRequestToExit() {
        sim.pressRequestToExit("Door_1");
    }

    @Override
    public Class<? extends DeviceEvent> requestToExitEvent() {
        return DeviceEvent.AccessGranted.class;
    }

    @Override
    public void setDeviceAnswering(boolean answering) {
        sim.setAnswering(answering);
    }

    @Override
    public long offlineDetectionMillis() {
        // two failed checks, each a clock read left hanging until the request times out, plus the pauses
        return TIMINGS.healthInterval().multipliedBy(3).plusMillis(REQUEST_TIMEOUT_MS * 2L * TIMINGS.offlineAfter()).toMillis();
    }

    @Override
    public void close() {
        await(adapter.stop());
        await(sim.stop().otherwiseEmpty()); // a test may have stopped it already
    }

    /** The gateway's side, keeping the device's own time of each event beside it. */
    static final class DeviceTimeContext implements AdapterContext {
        final RecordingAdapterContext recording;
        /** Each event reported with a device time, and that time, in order. */
        final List<Map.Entry<DeviceEvent, Instant>> deviceTimes = new java.util.concurrent.CopyOnWriteArrayList<>();

        DeviceTimeContext(RecordingAdapterContext recording) {
            this.recording = recording;
        }

        Optional<Instant> deviceTime(DeviceEvent e) {
            return deviceTimes.stream().filter(x -> x.getKey() == e).map(Map.Entry::getValue).findFirst();
        }

        @Override
        public Vertx vertx() {
            return recording.vertx();
        }

        @Override
        public Clock clock() {
            return recording.clock();
        }

        @Override
        public void emit(DeviceEvent event) {
            recording.emit(event);
        }

        @Override
        public void emit(DeviceEvent event, Instant deviceTime) {
            if (deviceTime != null) deviceTimes.add(Map.entry(event, deviceTime));
            recording.emit(event);
        }

        @Override
        public void health(String deviceId, DeviceHealth health) {
            recording.health(deviceId, health);
        }

        @Override
        public Optional<String> secret(String reference) {
            return recording.secret(reference);
        }

        @Override
        public io.warden.adapter.api.LinePermit linePermit(String controllerId) {
            return recording.linePermit(controllerId);
        }
    }
}
