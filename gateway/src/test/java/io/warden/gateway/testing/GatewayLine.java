package io.warden.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DoorController;
import io.warden.gateway.DeviceEventRecorder;
import io.warden.gateway.Gateway;
import io.warden.gateway.audit.AuditStore;
import io.warden.gateway.config.GatewayConfig;
import io.warden.gateway.device.DeviceDirectory;
import io.warden.gateway.door.DoorInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The first controller of a config as {@link Gateway} runs it: its adapter from the real factory,
 * reporting to a {@link DeviceEventRecorder} over {@code audit}, started on a context of its own. For
 * test sites and benches that assemble the rest (door service, access control) themselves.
 *
 * @param local the line's doors by id, as the door service takes them
 */
public record GatewayLine(DeviceEventRecorder recorder, DeviceAdapter adapter, Map<String, DoorController> local) {

    public static Future<GatewayLine> start(Vertx vertx, GatewayConfig config, AuditStore audit) {
        Map<String, DoorInfo> doorInfo = new LinkedHashMap<>();
        config.doors().forEach(d -> doorInfo.put(d.id(), d));
        DeviceEventRecorder recorder = new DeviceEventRecorder(vertx, Clock.systemUTC(), audit, doorInfo, ref -> Optional.empty(),
                new DeviceDirectory(Instant.now()));
        AdapterSpec spec = config.adapterSpecs().get(0);
        DeviceAdapter adapter = Gateway.factories().get(spec.type()).create(spec, recorder);
        Map<String, DoorController> local = new LinkedHashMap<>();
        adapter.doors().forEach(d -> local.put(d.doorId(), d));
        GatewayLine line = new GatewayLine(recorder, adapter, Map.copyOf(local));
        return vertx.deployVerticle(new VerticleBase() { // its own context, as the gateway runs each line
            @Override
            public Future<?> start() {
                return adapter.start();
            }
        }).map(id -> line);
    }
}
