package io.warden.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.cluster.ClusterMembers;
import io.warden.gateway.cluster.ClusterView;
import io.warden.gateway.cluster.ControllerLeases;
import io.warden.gateway.console.ConsoleOptions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/nodes}, /health's {@code cluster} and the cluster gauges on a node of a cluster (a fake view's members and leases). */
class ClusterNodesApiTest extends ApiTestBase {
    private static final Instant EXPIRES = Instant.parse("2026-01-05T07:00:10Z");
    final AtomicReference<Future<List<ControllerLeases.Lease>>> leases = new AtomicReference<>(Future.succeededFuture(List.of(
            new ControllerLeases.Lease("north-line1", "north", 7, EXPIRES),
            new ControllerLeases.Lease("gym-line1", "south", 3, EXPIRES),
            new ControllerLeases.Lease("annex-ctl", null, 2, EXPIRES))));

    @Override
    ApiServer createServer() {
        ClusterMembers members = () -> List.of(new ClusterMembers.Member("north", "127.0.0.1:5701", true),
                new ClusterMembers.Member("south", "127.0.0.1:5702", false));
        ClusterView view = ClusterView.of("north", members, leases::get, List.of(
                new ClusterView.Controller("north-line1", "osdp", "north", List.of()),
                new ClusterView.Controller("gym-line1", "osdp", null, List.of("north", "south")),
                new ClusterView.Controller("annex-ctl", "onvif", null, List.of()),
                new ClusterView.Controller("new-line", "osdp", null, List.of())));
        return new ApiServer(vertx, doorService(), audit, hub, ApiTestBase::token, devices, registry, options(), null, null, null,
                ConsoleOptions.none(), null, view);
    }

    @Test
    void membersAndEveryControllersLease() {
        JsonObject body = NodesApiTest.onContract(get("/api/v1/nodes", "viewer-token"), "/api/v1/nodes");

        assertThat(body.getString("node")).isEqualTo("north");
        assertThat(body.getJsonArray("members")).containsExactly(
                new JsonObject().put("node", "north").put("address", "127.0.0.1:5701").put("self", true),
                new JsonObject().put("node", "south").put("address", "127.0.0.1:5702").put("self", false));
        assertThat(body.getJsonArray("controllers")).containsExactly(
                new JsonObject().put("id", "north-line1").put("type", "osdp").put("node", "north").put("owner", "north").put("token", 7)
                        .put("expiresAt", "2026-01-05T07:00:10Z"),
                new JsonObject().put("id", "gym-line1").put("type", "osdp").put("nodes", new JsonArray().add("north").add("south"))
                        .put("owner", "south").put("token", 3).put("expiresAt", "2026-01-05T07:00:10Z"),
                new JsonObject().put("id", "annex-ctl").put("type", "onvif").put("nodes", new JsonArray()).putNull("owner").put("token", 2)
                        .put("expiresAt", "2026-01-05T07:00:10Z"),
                new JsonObject().put("id", "new-line").put("type", "osdp").put("nodes", new JsonArray()).putNull("owner")
                        .putNull("token").putNull("expiresAt"));
        assertThat(body.containsKey("leasesError")).isFalse();
    }

    @Test
    void healthAndMetricsShowMembershipAndTheLeasesHeldHere() {
        JsonObject cluster = NodesApiTest.onContract(get("/health", null), "/health").getJsonObject("cluster");
        assertThat(cluster).isEqualTo(new JsonObject().put("node", "north").put("members", 2)
                .put("memberNodes", new JsonArray().add("north").add("south")).put("leasesHeld", new JsonArray().add("north-line1")));
        assertThat(get("/metrics", null).bodyAsString()).contains("warden_cluster_members 2.0").contains("warden_cluster_leases_held 1.0");
    }

    @Test
    void unreadableLeasesAreSaidAndNoControllerIsShownAsOwned() {
        leases.set(Future.failedFuture("connection refused"));

        var res = get("/api/v1/nodes", "viewer-token");
        JsonObject body = NodesApiTest.onContract(res, "/api/v1/nodes");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(body.getString("leasesError")).isEqualTo("leases not readable: connection refused");
        assertThat(body.getJsonArray("controllers")).allSatisfy(c -> assertThat(((JsonObject) c).getString("owner")).isNull());
        JsonObject health = get("/health", null).bodyAsJsonObject();
        assertThat(health.getString("status")).as("leases do not degrade the node's answer").isEqualTo("up");
        assertThat(health.getJsonObject("cluster").getJsonArray("leasesHeld")).isEmpty();
        assertThat(health.getJsonObject("cluster").getString("leasesError")).contains("connection refused");
    }
}
