package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.gateway.PolicyCode;
import io.warden.gateway.PolicyException;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.auth.Role;
import io.warden.gateway.cluster.PgTestDatabase;
import io.warden.gateway.testing.FakeDoorController;
import io.warden.gateway.testing.InMemoryAuditStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two door services ("nodes") on one Vert.x, each driving its own door, both knowing both doors, sharing
 * lockdowns and timed relocks in PostgreSQL: what one node starts or releases holds on the other.
 */
class SharedLockdownsTest {
    private static final Principal OPERATOR = new Principal("front-office", Role.OPERATOR);
    private static final Principal PRINCIPAL = new Principal("principal", Role.LOCKDOWN);
    private static final List<DoorInfo> DOORS = List.of(DoorServiceTestBase.door("a-front", "main", true),
            DoorServiceTestBase.door("b-back", "gym", true));
    /** Long enough that a change notice, not only the tick, is what a test sees first; short enough for the backstop. */
    private static final Duration TICK = Duration.ofMillis(200);

    private final Vertx vertx = Vertx.vertx();
    private final FakeDoorController aFront = new FakeDoorController("a-front");
    private final FakeDoorController bBack = new FakeDoorController("b-back");
    private final InMemoryAuditStore auditA = new InMemoryAuditStore();
    private final InMemoryAuditStore auditB = new InMemoryAuditStore();
    private final List<GatewayDoorService> started = new ArrayList<>();
    private PgTestDatabase db;
    private Pool pool;

    @BeforeEach
    void createTables() throws Exception {
        db = PgTestDatabase.create(vertx);
        pool = db.pool(4, PgLockdownStore.DDL);
    }

    @AfterEach
    void stop() throws Exception {
        for (GatewayDoorService s : started) await(s.stop());
        await(pool.close());
        db.close();
        await(vertx.close());
    }

    /** Every door's command timeout, known on every node (as every node of a cluster creates every adapter). */
    private Map<String, Duration> timeouts() {
        return Map.of(aFront.doorId(), aFront.commandTimeout(), bBack.doorId(), bBack.commandTimeout());
    }

    private GatewayDoorService node(FakeDoorController drives, InMemoryAuditStore audit) {
        GatewayDoorService s = await(GatewayDoorService.start(vertx, DOORS, Map.<String, DoorController>of(drives.doorId(), drives), audit,
                DoorStores.postgres(vertx, pool), Clock.systemUTC(), new GatewayDoorService.Options(TICK, Duration.ofHours(1)),
                new SimpleMeterRegistry(), new GatewayDoorService.Cluster("node-" + drives.doorId(), timeouts(), Map.of(), Map::of,
                        RemoteDoorStates.Timing.DEFAULT)));
        started.add(s);
        return s;
    }

    private static LockdownRequest siteLockdown() {
        return new LockdownRequest(LockdownRequest.Level.LOCKDOWN, new LockdownRequest.Scope("lincoln", null, List.of()), false, "test");
    }

    @Test
    void aLockdownStartedOnOneNodeHoldsOnTheOtherAndItsEnforcerLocksItsDoor() {
        GatewayDoorService a = node(aFront, auditA);
        GatewayDoorService b = node(bBack, auditB);
        bBack.online(false); // b-back misses the lockdown command A sends it
        LockdownReport ld = await(a.startLockdown(siteLockdown(), PRINCIPAL, null));
        assertThat(ld.doors()).extracting(LockdownReport.DoorResult::status).containsExactly("confirmed", "offline");

        until(() -> b.lockdownCovering("b-back") != null, "B to see the lockdown");
        Throwable refused = awaitFailure(b.execute("b-back", new DoorCommand.Unlock(null), OPERATOR, null));
        assertThat(refused).isInstanceOf(PolicyException.class).hasMessageContaining("in lockdown " + ld.id());
        assertThat(((PolicyException) refused).code()).isEqualTo(PolicyCode.LOCKDOWN_ACTIVE);

        bBack.unlockedLocally();
        bBack.online(true);
        until(() -> reasserts(auditB, "b-back", ld.id()).contains("confirmed"), "B's enforcer to lock b-back");
        assertThat(bBack.state().lock()).isEqualTo(LockState.LOCKED);
        assertThat(reasserts(auditA, "b-back", ld.id())).as("A never drives b-back").isEmpty();
    }

    @Test
    void aReleaseOnOneNodeIsSeenOnTheOther() {
        GatewayDoorService a = node(aFront, auditA);
        GatewayDoorService b = node(bBack, auditB);
        LockdownReport ld = await(a.startLockdown(siteLockdown(), PRINCIPAL, null));
        until(() -> b.lockdown(ld.id()).isPresent(), "B to see the lockdown");

        LockdownReport released = await(b.release(ld.id(), PRINCIPAL, null));
        assertThat(released.releases()).extracting(LockdownReport.DoorResult::status).containsExactly("confirmed", "confirmed");
        assertThat(aFront.received).contains(new DoorCommand.Release()); // sent by B over the bus
        until(() -> a.lockdownCovering("a-front") == null, "A to see the release");
        assertThat(a.lockdown(ld.id()).orElseThrow().releasedBy()).isEqualTo("principal");
        assertThat(await(a.execute("a-front", new DoorCommand.Unlock(null), OPERATOR, null)).result()).isEqualTo("confirmed");
    }

    @Test
    void aReleaseThatMissedADoorOfAnotherNodeIsRetriedByThatNode() {
        GatewayDoorService a = node(aFront, auditA);
        GatewayDoorService b = node(bBack, auditB);
        LockdownReport ld = await(a.startLockdown(siteLockdown(), PRINCIPAL, null));
        until(() -> b.lockdown(ld.id()).isPresent(), "B to see the lockdown");
        aFront.online(false);

        LockdownReport released = await(b.release(ld.id(), PRINCIPAL, null));
        assertThat(released.releases()).extracting(LockdownReport.DoorResult::status).containsExactly("offline", "confirmed");
        until(() -> a.owedReleases().containsKey("a-front"), "A to owe a-front its release");
        aFront.online(true);
        until(() -> auditA.entries("door.command").stream().anyMatch(e -> "a-front".equals(e.door())
                && ("release (" + ld.id() + " retry)").equals(e.action()) && "confirmed".equals(e.result())), "A to release a-front");
        assertThat(auditB.entries("door.command")).noneMatch(e -> ("release (" + ld.id() + " retry)").equals(e.action()));
    }

    @Test
    void aNodeStartedAfterALockdownLoadsItAndLocksItsDoorsAtStart() {
        GatewayDoorService a = node(aFront, auditA);
        LockdownReport ld = await(a.startLockdown(siteLockdown(), PRINCIPAL, null));
        assertThat(ld.doors()).extracting(LockdownReport.DoorResult::status).containsExactly("confirmed", "offline"); // nobody serves b-back

        bBack.unlockedLocally();
        GatewayDoorService b = node(bBack, auditB);
        assertThat(b.lockdownCovering("b-back")).extracting(LockdownReport::id).isEqualTo(ld.id());
        until(() -> reasserts(auditB, "b-back", ld.id()).contains("confirmed"), "B to lock b-back at start");
        assertThat(bBack.state().lock()).isEqualTo(LockState.LOCKED);
    }

    @Test
    void aRelockWrittenByOneNodeRunsOnTheNodeThatDrivesTheDoor() {
        GatewayDoorService a = node(aFront, auditA);
        node(bBack, auditB);
        Instant until = Instant.now().plusMillis(800);
        assertThat(await(a.execute("b-back", new DoorCommand.Unlock(until), OPERATOR, null)).result()).isEqualTo("confirmed");
        assertThat(bBack.state().lock()).isEqualTo(LockState.UNLOCKED);

        until(() -> relocks(auditB, "b-back").contains("confirmed"), "B to run the relock");
        assertThat(relocks(auditB, "b-back")).containsExactly("requested", "confirmed");
        assertThat(auditB.entries("door.command")).filteredOn(e -> "lock (relock)".equals(e.action()))
                .allSatisfy(e -> assertThat(e.time()).isAfterOrEqualTo(until));
        assertThat(bBack.state().lock()).isEqualTo(LockState.LOCKED);
        until(() -> a.pendingRelocks().isEmpty(), "A to drop the relock B ran");
        assertThat(relocks(auditA, "b-back")).isEmpty();
    }

    /** Results of the enforcer's lock-at-start records for {@code door}. */
    private static List<String> reasserts(InMemoryAuditStore audit, String door, String lockdownId) {
        return audit.entries("door.command").stream()
                .filter(e -> door.equals(e.door()) && ("lockdown (re-assert " + lockdownId + " at start)").equals(e.action()))
                .map(AuditEntry::result).toList();
    }

    private static List<String> relocks(InMemoryAuditStore audit, String door) {
        return audit.entries("door.command").stream().filter(e -> door.equals(e.door()) && "lock (relock)".equals(e.action()))
                .map(AuditEntry::result).toList();
    }
}
