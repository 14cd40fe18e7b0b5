package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.device.DeviceView;
import io.warden.gateway.testing.FakeDeviceAdapter;
import io.warden.gateway.testing.FakeDoorController;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two "nodes" (two door services on one Vert.x instance, each on a context of its own) that know every
 * door: node-a serves line-a (door a1), node-b serves line-b (door b1, a serial line wired to node-b).
 */
class DoorsAcrossNodesTest {
    private static final Principal OPERATOR = new Principal("front-office", Role.OPERATOR);
    private static final Principal PRINCIPAL = new Principal("principal", Role.LOCKDOWN);
    private static final List<DoorInfo> DOORS = List.of(door("a1", "line-a"), door("b1", "line-b"));
    private static final Duration REASSERT_EVERY = Duration.ofMillis(100);
    /** Fast publishing and a short window, so that ageing out takes about a second. */
    private static final RemoteDoorStates.Timing TIMING =
            new RemoteDoorStates.Timing(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1));

    private final Vertx vertx = Vertx.vertx();
    private final FakeDoorController a1 = new FakeDoorController("a1");
    private final FakeDoorController b1 = new FakeDoorController("b1");
    private final Map<String, Duration> timeouts;

    DoorsAcrossNodesTest() {
        b1.commandTimeout(Duration.ofSeconds(3)); // unlike a1's 1 s: node-a must use b1's own
        timeouts = Map.of("a1", a1.commandTimeout(), "b1", b1.commandTimeout());
    }

    private static DoorInfo door(String id, String controller) {
        return new DoorInfo(id, id, "lincoln", "main", true, controller, "osdp", Duration.ofSeconds(5), Duration.ofSeconds(30), List.of());
    }

    @AfterEach
    void closeVertx() {
        await(vertx.close());
    }

    /** A node serving {@code local} (by controller) from the start; on a context of its own, as a node has. */
    private GatewayDoorService node(String id, Map<String, List<DoorController>> local, Supplier<Map<String, DeviceHealth>> health)
            throws Exception {
        Map<String, DoorController> byDoor = new HashMap<>();
        local.values().forEach(l -> l.forEach(c -> byDoor.put(c.doorId(), c)));
        var cluster = new GatewayDoorService.Cluster(id, timeouts, Map.of("line-b", "node-b"), health, TIMING);
        CompletableFuture<Future<GatewayDoorService>> started = new CompletableFuture<>();
        Thread t = new Thread(() -> started.complete(GatewayDoorService.start(vertx, DOORS, byDoor, new InMemoryAuditStore(),
                DoorStores.files(vertx, tempDir()), Clock.systemUTC(), new GatewayDoorService.Options(REASSERT_EVERY, Duration.ofHours(1)),
                new SimpleMeterRegistry(), cluster)));
        t.start();
        t.join();
        return await(started.get());
    }

    private GatewayDoorService node(String id, Map<String, List<DoorController>> local) throws Exception {
        return node(id, local, Map::of);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("warden-node");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aCommandToAnotherNodesDoorIsConfirmedWithThatDoorsDeadlineAndFailsOfflineAtOnceOnceItIsUnserved() throws Exception {
        GatewayDoorService a = node("node-a", Map.of("line-a", List.of(a1)));
        GatewayDoorService b = node("node-b", Map.of("line-b", List.of(b1)));

        Instant issued = Instant.now();
        CommandOutcome o = await(a.execute("b1", new DoorCommand.Lock(), OPERATOR, null));
        assertThat(o.result()).isEqualTo("confirmed");
        assertThat(b1.received).hasSize(1);
        assertThat(Duration.between(issued, b1.deadlines.get(0))).as("b1's 3 s command timeout, known on node-a")
                .isBetween(Duration.ofMillis(2500), Duration.ofMillis(3500));
        assertThat(a1.received).isEmpty();

        await(b.unserve("line-b"));
        assertThat(b.drives("line-b")).isFalse();
        long t0 = System.nanoTime();
        Throwable t = awaitFailure(a.execute("b1", new DoorCommand.Lock(), OPERATOR, null));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("at once, not at the deadline").isLessThan(Duration.ofMillis(1500));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(t.getMessage()).contains("controller line-b is wired to node node-b");
        assertThat(b1.received).as("nothing reached b1 after it was unserved").hasSize(1);
    }

    @Test
    void aControllerIsServedAndUnservedAtRuntime() throws Exception {
        GatewayDoorService a = node("node-a", Map.of());
        Throwable before = awaitFailure(a.execute("a1", new DoorCommand.Lock(), OPERATOR, null));
        assertThat(WardenException.codeOf(before)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(before.getMessage()).contains("no node holds controller line-a");
        DoorView unserved = a.door("a1").orElseThrow();
        assertThat(unserved.state().online()).isFalse();
        assertThat(unserved.node()).isNull();
        assertThat(unserved.offline()).contains("no node holds controller line-a");

        await(a.serve("line-a", List.of(a1)));
        assertThat(a.drives("line-a")).isTrue();
        assertThat(await(a.execute("a1", new DoorCommand.Lock(), OPERATOR, null)).result()).isEqualTo("confirmed");
        DoorView served = a.door("a1").orElseThrow();
        assertThat(served.node()).isEqualTo("node-a");
        assertThat(served.state().online()).isTrue();
        assertThat(served.offline()).isNull();

        await(a.unserve("line-a"));
        assertThat(WardenException.codeOf(awaitFailure(a.execute("a1", new DoorCommand.Lock(), OPERATOR, null))))
                .isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(a1.received).hasSize(1);
    }

    @Test
    void aDoorServedUnderAnActiveLockdownIsLockedAgainAtTheNextTickWhateverItReports() throws Exception {
        GatewayDoorService a = node("node-a", Map.of("line-a", List.of(a1)));
        LockdownReport ld = await(a.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN,
                new LockdownRequest.Scope("lincoln", null, null), false, null), PRINCIPAL, null));
        assertThat(ld.doors()).extracting(LockdownReport.DoorResult::id, LockdownReport.DoorResult::status)
                .containsExactlyInAnyOrder(tuple("a1", "confirmed"), tuple("b1", "offline"));
        assertThat(b1.state().lock()).as("b1 reports locked: a lock by report alone would send nothing").isEqualTo(LockState.LOCKED);

        await(a.serve("line-b", List.of(b1))); // a takeover, or node-b's return
        until(() -> b1.received.stream().anyMatch(c -> c instanceof DoorCommand.Lockdown), "b1 locked down again once served");
        assertThat(a1.received).as("a1 confirmed its lockdown and reports locked: left alone").hasSize(1);
    }

    @Test
    void anotherNodesDoorStateAppearsWithinSecondsAndGoesOfflineAfterTheWindowWhenItsNodeStops() throws Exception {
        GatewayDoorService a = node("node-a", Map.of("line-a", List.of(a1)));
        GatewayDoorService b = node("node-b", Map.of("line-b", List.of(b1)));

        until(() -> a.door("b1").orElseThrow().state().online(), "b1's state heard on node-a");
        assertThat(a.door("b1").orElseThrow().node()).isEqualTo("node-b");
        b1.unlockedLocally();
        until(() -> a.door("b1").orElseThrow().state().lock() == LockState.UNLOCKED, "b1's change heard on node-a");
        assertThat(b.door("a1").orElseThrow().node()).as("and the other way").isEqualTo("node-a");

        await(b.stop());
        until(() -> !a.door("b1").orElseThrow().state().online(), "b1 offline on node-a once node-b is silent past the window");
        DoorView gone = a.door("b1").orElseThrow();
        assertThat(gone.state().lock()).as("no stale state shown as current").isEqualTo(LockState.UNKNOWN);
        assertThat(gone.node()).isNull();
        assertThat(gone.offline()).contains("controller line-b is wired to node node-b, which is not running");
        Throwable t = awaitFailure(a.execute("b1", new DoorCommand.Lock(), OPERATOR, null));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
    }

    @Test
    void aDoorItsOwnerReportsOfflineFailsAtOnceWithoutBeingSent() throws Exception {
        GatewayDoorService a = node("node-a", Map.of("line-a", List.of(a1)));
        node("node-b", Map.of("line-b", List.of(b1)));
        b1.online(false);
        until(() -> a.door("b1").orElseThrow().node() != null && !a.door("b1").orElseThrow().state().online(), "b1 offline, heard on node-a");

        Throwable t = awaitFailure(a.execute("b1", new DoorCommand.Lock(), OPERATOR, null));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(t.getMessage()).contains("reported by node node-b");
        assertThat(b1.received).isEmpty();
    }

    @Test
    void aNodesEnforcerNeverSendsToADoorAnotherNodeServes() throws Exception {
        GatewayDoorService a = node("node-a", Map.of("line-a", List.of(a1)));
        node("node-b", Map.of("line-b", List.of(b1)));
        until(() -> a.door("b1").orElseThrow().state().online(), "b1's state heard on node-a");
        await(a.startLockdown(new LockdownRequest(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope("lincoln", null, null), false, null),
                PRINCIPAL, null));
        assertThat(b1.received).as("the lockdown's own command reaches b1 through its node").hasSize(1);

        b1.unlockedLocally();
        until(() -> a.door("b1").orElseThrow().state().lock() == LockState.UNLOCKED, "node-a hears b1 unlocked");
        a1.unlockedLocally();
        // a1's re-assert comes from a tick that also saw b1 reported unlocked.
        until(() -> a1.received.size() == 2, "node-a re-asserts its own door");
        until(() -> a1.state().lock() == LockState.LOCKED, "a1 locked again");
        assertThat(b1.received).as("b1 is node-b's to re-assert").hasSize(1);
    }

    @Test
    void devicesOfAControllerDrivenElsewhereShowItsNodesReportOrOfflineWithTheReason() throws Exception {
        DeviceDirectory onA = new DeviceDirectory(Instant.now());
        DeviceDirectory onB = new DeviceDirectory(Instant.now());
        for (DeviceDirectory d : List.of(onA, onB)) { // every node registers every controller
            d.register(FakeDeviceAdapter.line("line-a", 1), "osdp");
            d.register(FakeDeviceAdapter.line("line-b", 1), "osdp");
        }
        Instant up = Instant.parse("2026-12-01T08:00:00Z");
        onB.report("line-b/1", new DeviceHealth(DeviceHealth.Status.ONLINE, DeviceHealth.Reason.OK, "answering", up));
        onA.report("line-b/1", new DeviceHealth(DeviceHealth.Status.OFFLINE, DeviceHealth.Reason.STOPPED, "node-a's idle copy", up));
        AtomicReference<GatewayDoorService> a = new AtomicReference<>();
        AtomicReference<GatewayDoorService> b = new AtomicReference<>();
        onA.cluster("node-a", c -> a.get() != null && a.get().drives(c), () -> a.get() == null ? null : a.get().remoteStates());
        onB.cluster("node-b", c -> b.get() != null && b.get().drives(c), () -> b.get() == null ? null : b.get().remoteStates());
        a.set(node("node-a", Map.of("line-a", List.of(a1)), onA::drivenHealth));
        b.set(node("node-b", Map.of("line-b", List.of(b1)), onB::drivenHealth));

        until(() -> "node-b".equals(view(onA, "line-b").node()), "line-b's health heard on node-a");
        assertThat(view(onA, "line-b").health().status()).isEqualTo(DeviceHealth.Status.ONLINE);
        assertThat(view(onA, "line-b/1").health().detail()).as("node-b's report, not node-a's idle copy").isEqualTo("answering");
        assertThat(view(onA, "line-a").node()).isEqualTo("node-a");
        assertThat(onA.drivenHealth()).containsOnlyKeys("line-a", "line-a/1");

        await(b.get().stop());
        until(() -> view(onA, "line-b").node() == null, "line-b no longer heard on node-a");
        DeviceView off = view(onA, "line-b");
        assertThat(off.health().status()).isEqualTo(DeviceHealth.Status.OFFLINE);
        assertThat(off.health().detail()).isEqualTo("controller line-b is wired to node node-b, which is not running");
        assertThat(view(onA, "line-b/1").health().status()).isEqualTo(DeviceHealth.Status.OFFLINE);
    }

    private static DeviceView view(DeviceDirectory d, String id) {
        return d.devices().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }
}
