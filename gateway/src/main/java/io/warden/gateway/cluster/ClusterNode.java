package io.warden.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.LinePermit;
import io.warden.gateway.DeviceEventRecorder;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.config.ClusterConfig;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.door.GatewayDoorService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * This node's part in a cluster: the leases of the controllers it may own ({@link ControllerLeases}),
 * the adapters it runs for the ones it holds ({@link ControllerOwnership}), and what {@code /api/v1/nodes}
 * shows ({@link ClusterView}). Cameras are leased too, though every node runs them for footage: only the
 * holder follows a camera's events, so each motion is on the trail once.
 *
 * <p>A controller wired to this node ({@code node:}, a serial line) is driven from here from the start, lease
 * or no lease: no other node can reach its line, so there is no second panel to fence off, and a database
 * outage must not silence the doors of a building whose panel room still has power. Its lease is still
 * kept, so that {@code /api/v1/nodes} shows who drives it. Lines any of several nodes may drive (TCP) are
 * driven only under a valid lease.
 */
public final class ClusterNode {
    /** Starts an adapter on a context of its own. */
    public interface AdapterStarter {
        Future<Void> start(Vertx vertx, DeviceAdapter adapter, String path);
    }

    private final ControllerLeases leases;
    private final ControllerOwnership ownership;
    private final ClusterView view;

    private ClusterNode(ControllerLeases leases, ControllerOwnership ownership, ClusterView view) {
        this.leases = leases;
        this.ownership = ownership;
        this.view = view;
    }

    /**
     * Start keeping leases; from then on this node drives the controllers it acquires. Call once the door
     * service runs (acquiring a controller serves its doors there).
     *
     * @param pool the leases' own pool ({@link ClusterDatabase#LEASE_POOL_SIZE} connections), not the one the audit
     *             trail and lockdowns share: a renewal must never queue behind their load
     */
    public static Future<ClusterNode> start(Vertx vertx, GatewayConfig config, Pool pool, DeviceEventRecorder recorder, AuditStore audit,
                                            GatewayDoorService doors, Clock clock, AdapterStarter starter) {
        ClusterConfig cluster = config.cluster();
        ClusterMembers members;
        try { // before any lease is taken: a start that fails must leave no keeper acquiring and starting adapters
            members = ClusterMembers.of(vertx);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        Map<String, List<String>> claims = new LinkedHashMap<>();
        config.controllers().forEach(c -> claims.put(c.id(), c.node() != null ? List.of(c.node()) : c.nodes()));
        Set<String> cameras = config.cameraSpecs().stream().map(AdapterSpec::id).collect(Collectors.toSet());
        cameras.forEach(id -> claims.put(id, List.of()));
        // Adapters ask for their permit when created: it reads the leases once they exist, and refuses before.
        AtomicReference<ControllerLeases> started = new AtomicReference<>();
        Set<String> wiredHere = config.controllers().stream().filter(c -> cluster.node().equals(c.node()))
                .map(c -> c.id()).collect(Collectors.toSet());
        recorder.usePermits(id -> wiredHere.contains(id) ? LinePermit.ALWAYS : new LinePermit() {
            @Override
            public boolean mayDrive() {
                ControllerLeases l = started.get();
                return l != null && l.permit(id).mayDrive();
            }

            @Override
            public String refusal() {
                ControllerLeases l = started.get();
                return l == null ? "this node holds no lease of " + id + " yet" : l.permit(id).refusal();
            }
        }, cameras);
        Map<String, AdapterSpec> specs = config.adapterSpecs().stream()
                .collect(Collectors.toMap(AdapterSpec::id, s -> s, (a, b) -> a, LinkedHashMap::new));
        var factories = io.warden.gateway.Gateway.factories();
        ControllerOwnership ownership = new ControllerOwnership(vertx, cluster.node(), specs, factories::get, recorder,
                (adapter, path) -> starter.start(vertx, adapter, path), doors, audit, clock);
        // Cameras are not ownership's to start (every node runs them); their leases only gate their events.
        ControllerLeases.Listener listener = new ControllerLeases.Listener() {
            @Override
            public void acquired(String id, long token) {
                if (specs.containsKey(id) && !wiredHere.contains(id)) ownership.acquired(id, token);
            }

            @Override
            public void lost(String id, String reason) {
                if (specs.containsKey(id) && !wiredHere.contains(id)) ownership.lost(id, reason);
            }
        };
        wiredHere.forEach(ownership::wired);
        int districtNodes = (int) java.util.stream.Stream.concat(cluster.members().stream(), java.util.stream.Stream.of(cluster.address()))
                .distinct().count();
        return ControllerLeases.start(vertx, pool, cluster.node(), claims, districtNodes, ControllerLeases.Settings.of(cluster.leaseTtl()), listener)
                .map(leases -> {
                    started.set(leases);
                    ClusterView view = ClusterView.of(cluster.node(), members, leases::all,
                            config.controllers().stream().map(ClusterView.Controller::of).toList());
                    return new ClusterNode(leases, ownership, view);
                });
    }

    /** What {@code /api/v1/nodes}, {@code /health} and {@code /metrics} show of the cluster. */
    public ClusterView view() {
        return view;
    }

    /** The controllers this node drives now. */
    public Set<String> driven() {
        return ownership.driven();
    }

    /**
     * Let go: the permits refuse at once, the leases are released (another node takes the lines over without
     * waiting for them to lapse), then the adapters stop.
     */
    public Future<Void> stop() {
        return leases.stop().transform(x -> ownership.stop());
    }
}
