package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.AdapterSpec;
import io.warden.adapter.api.DeviceAdapter;
import io.warden.adapter.api.DeviceAdapterFactories;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorController;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.adapter.api.testing.RecordingAdapterContext;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OSDP adapter over TCP writes nothing to a line whose permit (ownership lease) refuses. */
class OsdpLinePermitTest {
    private static final String REFUSAL = "test: node-1 no longer owns the line";

    private final Vertx vertx = Vertx.vertx();
    private final RecordingAdapterContext ctx = new RecordingAdapterContext(vertx, Map.of());
    private OsdpPdSimulator sim;
    private DeviceAdapter adapter;

    @AfterEach
    void tearDown() {
        if (adapter != null) await(adapter.stop());
        if (sim != null) await(sim.close());
        await(vertx.close());
    }

    @Test
    void aRefusedPermitStopsEveryFrameAndFailsCommandsOffline() throws Exception {
        sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
        int port = await(sim.serveTcp("127.0.0.1", 0));
        JsonObject options = new JsonObject().put("transport", "tcp").put("host", "127.0.0.1").put("port", port)
                .put("devices", new JsonArray().add(new JsonObject().put("address", 1)));
        JsonObject point = new JsonObject().put("address", 1).put("strike", 0).put("contact", 0).put("rex", 1);
        AdapterSpec spec = new AdapterSpec("line", "osdp", options,
                List.of(new AdapterSpec.Door("door-1", Duration.ofSeconds(1), Duration.ofSeconds(2), point, "doors[0]")), "controllers[0]");
        adapter = DeviceAdapterFactories.discover(getClass().getClassLoader()).get("osdp").create(spec, ctx);
        await(adapter.start());
        DoorController door = adapter.doors().iterator().next();
        until(() -> door.state().online(), "PD online");
        await(door.execute(new DoorCommand.Unlock(), Instant.now().plus(door.commandTimeout())));
        until(() -> sim.pd(1).output(0), "the strike energised while the line is ours");

        ctx.permit.revoke(REFUSAL);
        Thread.sleep(100); // a frame already on the wire may still land
        int heard = sim.pd(1).receivedLog().size();
        Throwable t = awaitFailure(door.execute(new DoorCommand.Lock(), Instant.now().plus(door.commandTimeout())));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(t).hasMessageContaining(REFUSAL);
        Thread.sleep(500); // ten poll intervals: silence is the result
        assertThat(sim.pd(1).receivedLog()).as("no frame reached the PD").hasSize(heard);
        assertThat(sim.pd(1).output(0)).as("the lock was never sent").isTrue();
        assertThat(sim.cpConflicts()).isZero();

        ctx.permit.grant(); // re-acquired: the line is driven again
        until(() -> sim.pd(1).receivedLog().size() > heard, "polling resumes");
        assertThat(ctx.permitsAsked).as("the permits asked for").containsOnly("line");
    }
}
