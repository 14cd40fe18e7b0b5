package io.warden.osdp;

import io.vertx.core.Future;
import io.warden.adapter.api.AdapterContext;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorController;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.cp.OsdpCpBus;
import io.warden.osdp.cp.OsdpCpDeviceConfig;
import io.warden.osdp.cp.OsdpCpListener;
import io.warden.osdp.cp.OsdpCpStartup;
import io.warden.osdp.transport.OsdpReconnectingTransport;
import io.warden.osdp.transport.OsdpSerialOptions;
import io.warden.osdp.transport.OsdpSerialTransport;
import io.warden.osdp.transport.OsdpTcpTransport;
import io.warden.osdp.transport.OsdpTransport;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One OSDP line (serial or TCP) and the doors on its PDs. Each PD is a device with id
 * {@code <controller id>/<address>}; its health and events go to the {@link AdapterContext}.
 */
final class OsdpAdapter implements DeviceAdapter, OsdpCpListener {
    private final String id;
    private final AdapterContext ctx;
    private final OsdpCpBus bus;
    private final List<OsdpDoor> doors = new ArrayList<>();
    private final Map<String, DeviceHealth> health = new ConcurrentHashMap<>();
    private final Map<String, List<String>> devices = new LinkedHashMap<>();
    /** Last tamper/power seen per PD, to report changes only. */
    private final Map<Integer, OsdpReply.LStatR> local = new ConcurrentHashMap<>();

    OsdpAdapter(AdapterSpec spec, OsdpAdapterConfig config, AdapterContext ctx, SecureRandom random) {
        this.id = spec.id();
        this.ctx = ctx;
        Supplier<OsdpTransport> link = config.transport().equals("tcp")
                ? () -> new OsdpTcpTransport(ctx.vertx(), config.host(), config.port())
                : () -> new OsdpSerialTransport(ctx.vertx(), OsdpSerialOptions.of(config.device(), config.baud()));
        OsdpTransport transport = new OsdpReconnectingTransport(ctx.vertx(), link, OsdpReconnectingTransport.Backoff.defaults());
        this.bus = new OsdpCpBus(ctx.vertx(), transport, config.timing(), config.devices(), this, new OsdpCpStartup(random),
                ctx.linePermit(spec.id()));
        for (AdapterSpec.Door door : spec.doors()) {
            OsdpDoorPoint p = config.points().get(door.id());
            doors.add(new OsdpDoor(door, p, deviceId(p.address()), bus, ctx));
        }
        Instant now = ctx.clock().instant();
        for (OsdpCpDeviceConfig d : config.devices()) {
            health.put(deviceId(d.address()), new DeviceHealth(DeviceHealth.Status.UNKNOWN, DeviceHealth.Reason.STARTING, "not yet heard from", now));
            devices.put(deviceId(d.address()), doors.stream().filter(o -> o.point().address() == d.address()).map(OsdpDoor::doorId).toList());
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** Starts the line; succeeds at once, the link and PDs come up in the background (health says so). */
    @Override
    public Future<Void> start() {
        bus.start();
        return Future.succeededFuture();
    }

    /** Stops the line: pending commands fail "line stopped", every PD is OFFLINE (STOPPED), no offline events. */
    @Override
    public Future<Void> stop() {
        for (OsdpDoor d : doors) d.stop();
        return bus.stop().andThen(ar -> {
            Instant now = ctx.clock().instant();
            for (String deviceId : health.keySet()) {
                DeviceHealth h = new DeviceHealth(DeviceHealth.Status.OFFLINE, DeviceHealth.Reason.STOPPED, "line stopped", now);
                health.put(deviceId, h);
                ctx.health(deviceId, h);
            }
            for (OsdpDoor d : doors) d.online(false);
        });
    }

    @Override
    public Collection<DoorController> doors() {
        return List.copyOf(doors);
    }

    @Override
    public Map<String, List<String>> devices() {
        return Collections.unmodifiableMap(devices);
    }

    @Override
    public DeviceHealth health(String deviceId) {
        return health.get(deviceId);
    }

    private String deviceId(int address) {
        return id + "/" + address;
    }

    // ---- from the line, on its context ----

    @Override
    public void onReport(int address, OsdpReply reply) {
        if (reply instanceof OsdpReply.LStatR l) {
            OsdpReply.LStatR before = local.put(address, l);
            Instant at = ctx.clock().instant();
            if (before == null ? l.tamper() : before.tamper() != l.tamper()) ctx.emit(new DeviceEvent.Tamper(deviceId(address), null, at, l.tamper()));
            if (before == null ? l.powerFailure() : before.powerFailure() != l.powerFailure()) {
                ctx.emit(new DeviceEvent.PowerFailure(deviceId(address), null, at, l.powerFailure()));
            }
            return;
        }
        for (OsdpDoor d : doors) {
            if (d.point().address() == address) d.onReport(reply);
        }
    }

    @Override
    public void onOnline(int address, String detail) {
        setHealth(address, DeviceHealth.Status.ONLINE, DeviceHealth.Reason.OK, detail);
        ctx.emit(new DeviceEvent.DeviceOnline(deviceId(address), null, ctx.clock().instant(), detail));
    }

    @Override
    public void onOffline(int address, DeviceHealth.Reason reason, String detail) {
        setHealth(address, DeviceHealth.Status.OFFLINE, reason, detail);
        ctx.emit(new DeviceEvent.DeviceOffline(deviceId(address), null, ctx.clock().instant(), detail));
    }

    @Override
    public void onKeyProvisioned(int address, String detail) {
        ctx.emit(new DeviceEvent.KeyProvisioned(deviceId(address), null, ctx.clock().instant(), detail));
    }

    @Override
    public void onSecureChannelDowngraded(int address, String why) {
        ctx.emit(new DeviceEvent.SecureChannelDowngraded(deviceId(address), null, ctx.clock().instant(), why));
    }

    private void setHealth(int address, DeviceHealth.Status status, DeviceHealth.Reason reason, String detail) {
        Instant now = ctx.clock().instant();
        DeviceHealth h = new DeviceHealth(status, reason, detail, now);
        health.put(deviceId(address), h);
        ctx.health(deviceId(address), h);
        for (OsdpDoor d : doors) {
            if (d.point().address() == address) d.online(status == DeviceHealth.Status.ONLINE);
        }
    }
}
