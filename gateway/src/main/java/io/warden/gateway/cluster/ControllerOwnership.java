package io.warden.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;
import io.warden.gateway.audit.AuditBacklog;
import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.auth.Principal;
import io.warden.gateway.door.GatewayDoorService;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the controllers whose lease this node holds: on {@code acquired} a fresh adapter for the
 * controller is created and started and its doors are served on the event bus (doors in an active
 * lockdown are locked again by the door service); on {@code lost} its doors stop being served and the
 * adapter stops. Its permit refuses before {@code lost} arrives, so nothing reaches the line meanwhile.
 * Each change is on the audit trail ({@code cluster.lease}). Steps for one controller run one after
 * another, in the order the leases reported them.
 */
public final class ControllerOwnership implements ControllerLeases.Listener {
    private static final Logger log = LoggerFactory.getLogger(ControllerOwnership.class);

    /** Starts an adapter on a context of its own; fails with the adapter's start error. */
    public interface Starter {
        Future<Void> start(DeviceAdapter adapter, String path);
    }

    private final String node;
    private final Map<String, AdapterSpec> specs;
    private final Function<String, DeviceAdapterFactory> factories;
    private final AdapterContext context;
    private final Starter starter;
    private final GatewayDoorService doors;
    private final AuditBacklog records;
    private final Clock clock;
    /** Guarded by {@code this}: the adapter driving each controller here, and each controller's last step. */
    private final Map<String, DeviceAdapter> running = new HashMap<>();
    private final Map<String, Future<Void>> steps = new HashMap<>();
    private boolean stopped;

    public ControllerOwnership(Vertx vertx, String node, Map<String, AdapterSpec> specs, Function<String, DeviceAdapterFactory> factories,
                               AdapterContext context, Starter starter, GatewayDoorService doors, AuditStore audit, Clock clock) {
        this.node = node;
        this.specs = Map.copyOf(specs);
        this.factories = factories;
        this.context = context;
        this.starter = starter;
        this.doors = doors;
        this.records = new AuditBacklog(vertx, audit);
        this.clock = clock;
    }

    @Override
    public void acquired(String controllerId, long token) {
        drive(controllerId, "fencing token " + token);
    }

    /** Drive a controller whose line is wired to this node ({@code node:}): no lease decides it. */
    public void wired(String controllerId) {
        drive(controllerId, "its line is wired to this node");
    }

    private void drive(String controllerId, String why) {
        then(controllerId, () -> {
            synchronized (this) {
                if (stopped || running.containsKey(controllerId)) return Future.succeededFuture();
            }
            AdapterSpec spec = specs.get(controllerId);
            DeviceAdapter adapter;
            try {
                adapter = factories.apply(spec.type()).create(spec, context);
            } catch (RuntimeException e) { // the config was checked with the same factory at start: a bug, not a bad config
                log.error("event=controller_adapter_failed controller={} error=\"{}\"", controllerId, e.toString());
                return Future.succeededFuture();
            }
            record(controllerId, "acquired", "ok", "node " + node + " drives controller " + controllerId + " (" + why + ")");
            return starter.start(adapter, spec.path())
                    .compose(v -> {
                        synchronized (this) { // the node began stopping while the adapter started: it must not serve
                            if (stopped) return Future.failedFuture(new IllegalStateException("the node is stopping"));
                        }
                        return doors.serve(controllerId, java.util.List.copyOf(adapter.doors()));
                    })
                    .onSuccess(v -> {
                        // Only a fully served adapter counts as running: a later acquire after a failure creates a fresh one.
                        synchronized (this) {
                            running.put(controllerId, adapter);
                        }
                        log.info("event=controller_owned controller={} node={} why=\"{}\"", controllerId, node, why);
                    })
                    .recover(e -> {
                        log.error("event=controller_start_failed controller={} error=\"{}\"", controllerId, e.getMessage());
                        return doors.unserve(controllerId).otherwiseEmpty().transform(x -> adapter.stop()).otherwiseEmpty();
                    });
        });
    }

    @Override
    public void lost(String controllerId, String reason) {
        then(controllerId, () -> {
            DeviceAdapter adapter;
            synchronized (this) {
                adapter = running.remove(controllerId);
            }
            if (adapter == null) return Future.succeededFuture();
            log.warn("event=controller_lost controller={} node={} reason=\"{}\"", controllerId, node, reason);
            record(controllerId, "lost", "ok", "node " + node + " stopped driving controller " + controllerId + ": " + reason);
            return doors.unserve(controllerId).transform(x -> adapter.stop()).mapEmpty();
        });
    }

    /**
     * Stop every adapter this node drives (the node is stopping; the leases were released or lapse).
     * Completes once every controller's steps are done, including an adapter still starting when this
     * was called: it is stopped, never served.
     */
    public Future<Void> stop() {
        java.util.List<String> ids;
        synchronized (this) {
            stopped = true;
            ids = new java.util.ArrayList<>(steps.keySet());
        }
        return Future.join(ids.stream().map(id -> {
            lost(id, "the node is stopping");
            return steps(id);
        }).toList()).<Void>mapEmpty().andThen(x -> records.stop()); // what the store still refuses is logged in full
    }

    /** The controllers this node drives now. */
    public synchronized java.util.Set<String> driven() {
        return java.util.Set.copyOf(running.keySet());
    }

    private synchronized Future<Void> steps(String controllerId) {
        return steps.getOrDefault(controllerId, Future.succeededFuture());
    }

    private synchronized void then(String controllerId, java.util.function.Supplier<Future<Void>> step) {
        Future<Void> next = steps(controllerId).transform(x -> step.get()).otherwiseEmpty();
        steps.put(controllerId, next);
    }

    /** Through a backlog: a lease lapses exactly when the database is out of reach, and its record must wait, not vanish. */
    private void record(String controllerId, String action, String result, String detail) {
        records.append(new AuditEntry(clock.instant(), "cluster.lease", Principal.SYSTEM.name(), null, null, null, null, null, null,
                action + " " + controllerId, result, detail));
    }
}
