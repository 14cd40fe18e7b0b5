package io.warden.gateway.cluster;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactory;
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
    private final AuditStore audit;
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
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public void acquired(String controllerId, long token) {
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
            record(controllerId, "acquired", "ok", "node " + node + " drives controller " + controllerId + " (fencing token " + token + ")");
            return starter.start(adapter, spec.path())
                    .compose(v -> {
                        synchronized (this) {
                            running.put(controllerId, adapter);
                        }
                        return doors.serve(controllerId, java.util.List.copyOf(adapter.doors()));
                    })
                    .onSuccess(v -> log.info("event=controller_owned controller={} node={} token={}", controllerId, node, token))
                    .recover(e -> {
                        log.error("event=controller_start_failed controller={} error=\"{}\"", controllerId, e.getMessage());
                        return adapter.stop().otherwiseEmpty();
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

    /** Stop every adapter this node drives (the node is stopping; the leases were released or lapse). */
    public Future<Void> stop() {
        Map<String, DeviceAdapter> all;
        synchronized (this) {
            stopped = true;
            all = new HashMap<>(running);
        }
        return Future.join(all.keySet().stream().map(id -> {
            Promise<Void> done = Promise.promise();
            lost(id, "the node is stopping");
            steps(id).onComplete(x -> done.complete());
            return done.future();
        }).toList()).mapEmpty();
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

    private void record(String controllerId, String action, String result, String detail) {
        audit.append(new AuditEntry(clock.instant(), "cluster.lease", Principal.SYSTEM.name(), null, null, null, null, null, null,
                        action + " " + controllerId, result, detail))
                .onFailure(e -> log.error("event=audit_write_failed type=cluster.lease controller={} error=\"{}\"", controllerId, e.getMessage()));
    }
}
