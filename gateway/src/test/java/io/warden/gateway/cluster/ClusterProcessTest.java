package io.warden.gateway.cluster;

import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.gateway.api.SseTestClient;
import io.warden.gateway.cluster.District.LineSpec;
import io.warden.gateway.cluster.District.Response;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A district on three gateway nodes, each its own JVM ({@code warden serve}), on loopback and the machine's
 * PostgreSQL (a fresh database), in front of OSDP PDs simulated in this JVM. Leases last {@value #LEASE} s.
 *
 * <pre>
 *   line     transport  may be owned by   zone  doors
 *   line-1   tcp        node1             z1    2 PDs x 2
 *   line-2a  tcp        node2, node3      z2    2 PDs x 2   (node2 is started first, so it holds them)
 *   line-2b  tcp        node2, node3      z2    1 PD  x 2
 *   ser-2    serial     node2 (wired)     z2    1 PD  x 2
 *   line-3   tcp        node3             z3    1 PD  x 2
 *   ser-3    serial     node3 (wired)     z3    1 PD  x 2
 * </pre>
 *
 * The steps build on each other and run in order: a site lockdown from node 1; kill -9 of node 2 during it
 * (takeover by node 3, re-assert, the serial line offline); node 2 back, node 3 paused past its lease and
 * resumed (no second control panel on any line); an SSE client moved from node 1 to node 3 (no gap, no repeat).
 * Skipped, saying why, while this build cannot read the {@code cluster:} section (issue 12 not wired yet).
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessTest {
    static final int LEASE = 4;
    /** A takeover: the lease runs out, the next renew round claims it, the adapter connects and re-asserts. */
    static final Duration TAKEOVER = Duration.ofSeconds(LEASE + 8);
    private static final List<String> TAKEN_OVER = List.of("line-2a", "line-2b");

    private static District district;
    private static String lockdownId;
    /** Why this build cannot run cluster mode yet, or null. */
    private static String notWired;

    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (district != null) System.err.println("nodes' last output at the failure of " + context.getDisplayName() + ":\n" + district.logs(80));
        }
    };

    @BeforeAll
    static void start() throws Exception {
        district = District.create(List.of(
                LineSpec.tcp("line-1", "z1", List.of("node1"), 2, 2),
                LineSpec.tcp("line-2a", "z2", List.of("node2", "node3"), 2, 2),
                LineSpec.tcp("line-2b", "z2", List.of("node2", "node3"), 1, 2),
                LineSpec.serial("ser-2", "z2", "node2", 1, 2),
                LineSpec.tcp("line-3", "z3", List.of("node3"), 1, 2),
                LineSpec.serial("ser-3", "z3", "node3", 1, 2)), List.of("node1", "node2", "node3"), true, LEASE);
        notWired = district.configRefusal("node1");
        if (notWired != null) return; // each step reports itself skipped, saying why

        try {
            district.startNodes("node1", "node2");
            until(() -> ownersAre("node1", Map.of("line-2a", "node2", "line-2b", "node2")), "node2 to hold line-2a and line-2b", District.NODE_START);
            district.startNodes("node3");
            until(() -> ownersAre("node1", Map.of("line-1", "node1", "line-2a", "node2", "line-2b", "node2", "ser-2", "node2",
                    "line-3", "node3", "ser-3", "node3")), "every line owned as laid out", District.NODE_START);
            for (String n : district.nodeNames()) {
                until(() -> district.doorViews(n).values().stream().allMatch(d -> d.getJsonObject("state").getBoolean("online")),
                        "every door of the district online as seen from " + n, District.NODE_START);
            }
        } catch (Exception | AssertionError e) {
            System.err.println("nodes' last output when the district failed to start:\n" + district.logs(80));
            throw e;
        }
    }

    @BeforeEach
    void clusterModeIsWired() {
        Assumptions.assumeTrue(notWired == null, () -> "cluster mode is not in this build yet (issue 12 wiring): " + notWired);
    }

    @AfterAll
    static void stop() throws Exception {
        if (district != null) district.close();
    }

    @Test
    @Order(1)
    void aSiteLockdownStartedOnNode1ConfirmsTheDoorsOwnedByNodes2And3() throws Exception {
        for (String line : List.of("line-1", "line-2a", "ser-2", "line-3", "ser-3")) district.unlockAtPanel(line + "-1-1");

        Response r = district.post("node1", "/api/v1/lockdowns", "lockdown", new JsonObject().put("level", "lockdown")
                .put("scope", new JsonObject().put("site", District.SITE)).put("reason", "cluster test: the whole district"));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        lockdownId = r.json().getString("id");
        Map<String, JsonObject> report = byId(r.json());
        assertThat(report.keySet()).as("every door of the district, whichever node owns it").containsExactlyInAnyOrderElementsOf(district.doors());
        assertThat(report.values()).allSatisfy(d -> {
            assertThat(d.getString("status")).as(d.encode()).isEqualTo("confirmed");
            assertThat(d.getLong("latencyMs")).as(d.encode()).isNotNull().isNotNegative();
        });
        for (String door : district.doors()) assertThat(district.strikeOn(door)).as(door + " strike at its PD").isFalse();
        // Every node shows the lockdown holding a door owned elsewhere, and which node serves it.
        for (String n : district.nodeNames()) {
            assertThat(district.doorViews(n).get("line-3-1-0").getString("node")).as("the node serving line-3-1-0, seen from " + n).isEqualTo("node3");
            assertThat(district.doorViews(n).get("ser-2-1-0").getString("node")).as("the node serving ser-2-1-0, seen from " + n).isEqualTo("node2");
            JsonObject active = district.getJson(n, "/api/v1/lockdowns", "viewer");
            assertThat(active.getJsonArray("items")).as("active lockdowns on " + n).hasSize(1);
            until(() -> lockdownId.equals(district.getJson(n, "/api/v1/doors/line-3-1-0", "viewer").getJsonObject("state").getString("lockdown")),
                    n + " showing line-3-1-0 held by the lockdown");
        }
    }

    @Test
    @Order(2)
    void killNineOfNode2MidLockdownHandsItsTcpLinesToNode3WhichLocksThemAgainAndItsSerialLineIsOffline() throws Exception {
        Assumptions.assumeTrue(lockdownId != null, "needs the lockdown of step 1");
        Map<String, Integer> outsBefore = new HashMap<>();
        for (String line : TAKEN_OVER) for (OsdpSimulatedPd pd : district.line(line).simulator().pds()) outsBefore.put(line + "/" + pd.address(), outs(pd));

        long killedAt = System.nanoTime();
        district.kill("node2");
        // Behind everyone's back, a strike of each orphaned line is energised (a PD reset, a technician): the new
        // owner's lock-at-start must lock it again.
        for (String line : TAKEN_OVER) district.unlockAtPanel(line + "-1-0");

        until(() -> ownersAre("node1", Map.of("line-2a", "node3", "line-2b", "node3")), "node3 to hold node2's TCP lines (GET /api/v1/nodes on node1)",
                TAKEOVER.plusSeconds(20));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertThat(takeover).as("takeover time, lease %d s", LEASE).isLessThanOrEqualTo(TAKEOVER);
        assertThat(district.owners("node3")).as("the new owner's own view").containsEntry("line-2a", "node3").containsEntry("line-2b", "node3");

        for (String line : TAKEN_OVER) {
            for (String door : district.line(line).spec().doors()) {
                until(() -> !district.strikeOn(door), door + " locked again by node3", Duration.ofSeconds(15));
            }
            // Every PD is sent its lockdown once node3 sees it online; a PD whose strikes were never energised
            // comes online on its own schedule, so its OUT command is waited for, not assumed.
            for (OsdpSimulatedPd pd : district.line(line).simulator().pds()) {
                int before = outsBefore.get(line + "/" + pd.address());
                until(() -> outs(pd) > before, "an OUT command at %s/%d from node3 after the takeover".formatted(line, pd.address()), Duration.ofSeconds(15));
            }
        }
        until(() -> district.doorViews("node1").get("line-2a-1-0").getJsonObject("state").getBoolean("online"), "line-2a online again on node1");

        for (String n : List.of("node1", "node3")) {
            assertThat(district.doorViews(n).get("line-2b-1-1").getString("node")).as("the node serving line-2b-1-1, seen from " + n).isEqualTo("node3");
        }

        // The serial line wired to node2 has no one to drive it: offline, naming the node and why.
        String why = "controller ser-2 is wired to node node2, which is not running";
        until(() -> "OFFLINE".equals(district.controller("node1", "ser-2").getString("status")), "ser-2 offline on node1", Duration.ofSeconds(30));
        until(() -> district.controller("node3", "ser-2").getString("detail", "").contains(why), "ser-2's detail on node3 saying " + why);
        JsonObject serDoor = district.doorViews("node1").get("ser-2-1-0");
        assertThat(serDoor.getJsonObject("state").getBoolean("online")).as(serDoor.encode()).isFalse();
        assertThat(serDoor.getJsonObject("state").getString("offlineReason")).as(serDoor.encode()).contains(why);
        assertThat(serDoor.containsKey("node")).as("no node serves " + serDoor.encode()).isFalse();
        assertThat(district.getJson("node3", "/api/v1/lockdowns/" + lockdownId, "viewer").getBoolean("active")).isTrue();
    }

    @Test
    @Order(3)
    void aNodePausedPastItsLeaseAndResumedNeverDrivesALineItNoLongerOwns() throws Exception {
        Assumptions.assumeTrue(lockdownId != null, "needs the lockdown of step 1");
        // node2 comes back on its data directory: it drives its serial line again and re-asserts the lockdown there.
        district.unlockAtPanel("ser-2-1-0");
        district.launch("node2");
        district.awaitUp("node2");
        until(() -> ownersAre("node1", Map.of("ser-2", "node2")), "node2 holding ser-2 again", TAKEOVER.plusSeconds(20));
        until(() -> !district.strikeOn("ser-2-1-0"), "ser-2-1-0 locked again by node2 (the lockdown it missed)", Duration.ofSeconds(15));

        GatewayProcess node3 = district.node("node3");
        node3.pause();
        long pausedAt = System.nanoTime();
        try {
            until(() -> ownersAre("node1", Map.of("line-2a", "node2", "line-2b", "node2")), "node2 to take line-2a and line-2b from the paused node3",
                    TAKEOVER.plusSeconds(20));
            assertThat(Duration.ofNanos(System.nanoTime() - pausedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(LEASE - 1));
        } finally {
            node3.resume();
        }

        // Traffic on every line after the resume: the lockdown released, doors pulsed through every node.
        Response released = district.post("node1", "/api/v1/lockdowns/" + lockdownId + "/release", "lockdown", null);
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        until(() -> district.healthStatus("node3") == 200, "node3 answering after SIGCONT", Duration.ofSeconds(30));
        until(() -> ownersAre("node1", Map.of("line-3", "node3", "ser-3", "node3")), "node3 holding its own lines again", TAKEOVER.plusSeconds(20));
        Map<String, Integer> polls = new HashMap<>();
        for (var line : district.lines()) for (OsdpSimulatedPd pd : line.simulator().pds()) polls.put(line.spec().id() + "/" + pd.address(), polls(pd));
        String[] via = {"node1", "node2", "node3"};
        int i = 0;
        for (String door : List.of("line-2a-1-0", "line-2a-2-1", "line-2b-1-0", "line-3-1-0", "ser-3-1-0", "ser-2-1-1", "line-1-1-0")) {
            String n = via[i++ % via.length];
            until(() -> district.post(n, "/api/v1/doors/" + door + "/pulse", "operator", null).status() == 200, "pulse of " + door + " through " + n,
                    Duration.ofSeconds(30));
        }
        for (var line : district.lines()) {
            for (OsdpSimulatedPd pd : line.simulator().pds()) {
                String key = line.spec().id() + "/" + pd.address();
                until(() -> polls(pd) > polls.get(key) + 20, "traffic on " + key + " after the resume", Duration.ofSeconds(20));
            }
        }
        assertThat(district.owners("node2")).containsEntry("line-2a", "node2").containsEntry("line-2b", "node2");
        for (var line : district.lines()) {
            assertThat(line.simulator().cpConflicts()).as("frames from a second control panel on " + line.spec().id()).isZero();
        }
    }

    @Test
    @Order(4)
    void anEventStreamMovedFromNode1ToNode3MissesNothingAndRepeatsNothing() throws Exception {
        for (String n : district.nodeNames()) Assumptions.assumeTrue(district.node(n).isAlive(), n + " running (steps 1-3)");
        long start = district.lastSeq("node1");
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Throwable> producerFailed = new AtomicReference<>();
        // Records from every node: pulses through each node's API (each audited where it is handled) on doors of every owner.
        Thread producer = new Thread(() -> {
            String[] via = {"node1", "node2", "node3"};
            String[] doors = {"line-1-1-0", "line-2a-1-1", "line-3-1-1", "ser-2-1-0", "ser-3-1-1", "line-2b-1-1"};
            int i = 0;
            try {
                while (producing.get()) {
                    district.post(via[i % via.length], "/api/v1/doors/" + doors[i % doors.length] + "/pulse", "operator", null);
                    i++;
                }
            } catch (Throwable e) {
                producerFailed.set(e);
            }
        }, "audit-producer");
        producer.start();
        List<Long> seen = new ArrayList<>();
        try {
            SseTestClient first = SseTestClient.open(district.vertx(), district.node("node1").port(), "/api/v1/events", district.token("investigator"), start);
            try {
                until(() -> first.ids().size() >= 30, "30 events on node1's stream");
            } finally {
                first.close();
            }
            seen.addAll(first.ids());
            long last = seen.get(seen.size() - 1);
            SseTestClient second = SseTestClient.open(district.vertx(), district.node("node3").port(), "/api/v1/events", district.token("investigator"), last);
            try {
                until(() -> second.ids().size() >= 30, "30 events on node3's stream");
                producing.set(false);
                producer.join(30_000);
                long end = district.lastSeq("node2");
                until(() -> !second.ids().isEmpty() && second.ids().get(second.ids().size() - 1) >= end, "node3's stream to reach seq " + end);
                seen.addAll(second.ids());
            } finally {
                second.close();
            }
        } finally {
            producing.set(false);
            producer.join(30_000);
        }
        assertThat(producerFailed.get()).as("the producer's requests").isNull();

        long last = seen.get(seen.size() - 1);
        assertThat(seen).as("seqs streamed, node1 then node3: every one after %d, once, in order", start)
                .containsExactlyElementsOf(LongStream.rangeClosed(start + 1, last).boxed().toList());
        List<Long> trail = district.audit("node2", start, "").stream().map(r -> r.getLong("seq")).filter(s -> s <= last).toList();
        assertThat(seen).as("the stream against GET /api/v1/audit").containsExactlyElementsOf(trail);
        assertThat(district.audit("node1", start, "type=door.command").stream().map(r -> r.getString("door")).distinct())
                .as("records about doors of every owner").contains("line-1-1-0", "line-2a-1-1", "line-3-1-1", "ser-2-1-0");
    }

    // ---- helpers ----

    private static int polls(OsdpSimulatedPd pd) {
        return pd.commandsReceived(0x60); // osdp_POLL
    }

    private static int outs(OsdpSimulatedPd pd) {
        return pd.commandsExecuted(0x68); // osdp_OUT
    }

    private static boolean ownersAre(String node, Map<String, String> expected) throws Exception {
        Map<String, String> owners = district.owners(node);
        return expected.entrySet().stream().allMatch(e -> e.getValue().equals(owners.get(e.getKey())));
    }

    private static Map<String, JsonObject> byId(JsonObject report) {
        Map<String, JsonObject> m = new java.util.LinkedHashMap<>();
        report.getJsonArray("doors").forEach(o -> m.put(((JsonObject) o).getString("id"), (JsonObject) o));
        return m;
    }
}
