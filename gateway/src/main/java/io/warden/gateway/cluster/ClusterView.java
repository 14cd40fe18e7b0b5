package io.warden.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.gateway.config.ControllerConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The nodes of the district as this node sees them, for {@code GET /api/v1/nodes}, {@code /health} and {@code /metrics}:
 * <pre>
 * {"node": "hs-north",
 *  "members": [{"node": "hs-north", "address": "10.20.0.11:5701", "self": true}, ...],
 *  "controllers": [{"id": "north-line1", "type": "osdp", "node": "hs-north",       (configured: node, or nodes)
 *                   "owner": "hs-north", "token": 7, "expiresAt": "2026-...Z"}, ...]}
 * </pre>
 * A controller nobody holds has {@code owner} null. When the leases cannot be read (the database is away) the
 * controllers show no owner and {@code leasesError} says why. Never blocks; may be called from any thread.
 */
public interface ClusterView {
    /** The node id a single node reports. */
    String LOCAL = "local";
    /** How long the lease read may take before the view answers without it. */
    Duration LEASES_TIMEOUT = Duration.ofSeconds(2);

    /** The view now; never fails (a lease read that fails or is late is reported in {@code leasesError}). */
    Future<JsonObject> nodes();

    /** A configured controller as the view lists it: its id, adapter type and where it may run. */
    record Controller(String id, String type, String node, List<String> nodes) {
        public Controller {
            nodes = nodes == null ? List.of() : List.copyOf(nodes);
        }

        public static Controller of(ControllerConfig c) {
            return new Controller(c.id(), c.type(), c.node(), c.nodes());
        }

        JsonObject json() {
            JsonObject json = new JsonObject().put("id", id).put("type", type);
            return node != null ? json.put("node", node) : json.put("nodes", new JsonArray(nodes));
        }
    }

    /** A node without a cluster: node {@value #LOCAL}, itself the only member, owner of every controller. */
    static ClusterView single(Supplier<List<Controller>> controllers) {
        return () -> {
            JsonArray list = new JsonArray();
            for (Controller c : controllers.get()) list.add(c.json().put("owner", LOCAL).putNull("token").putNull("expiresAt"));
            JsonArray members = new JsonArray().add(new JsonObject().put("node", LOCAL).putNull("address").put("self", true));
            return Future.succeededFuture(new JsonObject().put("node", LOCAL).put("members", members).put("controllers", list));
        };
    }

    /**
     * A node of a cluster.
     *
     * @param node        this node's id
     * @param members     the cluster's members now
     * @param leases      every controller's lease (e.g. {@code ControllerLeases::all}); read on each call
     * @param controllers the configured controllers, in file order
     */
    static ClusterView of(String node, ClusterMembers members, Supplier<Future<List<ControllerLeases.Lease>>> leases,
                          List<Controller> controllers) {
        List<Controller> configured = List.copyOf(controllers);
        return () -> {
            JsonArray memberList = new JsonArray();
            for (ClusterMembers.Member m : members.members()) {
                memberList.add(new JsonObject().put("node", m.node()).put("address", m.address()).put("self", m.self()));
            }
            JsonObject view = new JsonObject().put("node", node).put("members", memberList);
            Future<List<ControllerLeases.Lease>> read;
            try {
                read = leases.get().timeout(LEASES_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                read = Future.failedFuture(e);
            }
            return read.map(list -> {
                Map<String, ControllerLeases.Lease> byId = new HashMap<>();
                for (ControllerLeases.Lease l : list) byId.put(l.controllerId(), l);
                return view.put("controllers", controllerList(configured, byId));
            }).otherwise(t -> view.put("controllers", controllerList(configured, Map.of()))
                    .put("leasesError", "leases not readable: " + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage())));
        };
    }

    private static JsonArray controllerList(List<Controller> configured, Map<String, ControllerLeases.Lease> leases) {
        JsonArray out = new JsonArray();
        for (Controller c : configured) {
            ControllerLeases.Lease l = leases.get(c.id());
            JsonObject json = c.json().put("owner", l == null ? null : l.node());
            if (l == null) json.putNull("token").putNull("expiresAt");
            else json.put("token", l.token()).put("expiresAt", l.expiresAt() == null ? null : l.expiresAt().toString());
            out.add(json);
        }
        return out;
    }

    /**
     * The {@code cluster} section of {@code /health}: this node, the members (count and node ids), the controllers
     * whose lease this node holds; {@code leasesError} when the leases could not be read.
     */
    static JsonObject healthSummary(JsonObject nodes) {
        String self = nodes.getString("node");
        JsonArray ids = new JsonArray();
        nodes.getJsonArray("members").forEach(m -> ids.add(((JsonObject) m).getString("node")));
        JsonArray held = new JsonArray();
        nodes.getJsonArray("controllers").forEach(c -> {
            JsonObject k = (JsonObject) c;
            if (self.equals(k.getString("owner"))) held.add(k.getString("id"));
        });
        JsonObject json = new JsonObject().put("node", self).put("members", ids.size()).put("memberNodes", ids).put("leasesHeld", held);
        if (nodes.containsKey("leasesError")) json.put("leasesError", nodes.getString("leasesError"));
        return json;
    }
}
