package io.warden.sim.onvif.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ONVIF door-controller adapter sends no SOAP request while its line permit (ownership lease) refuses. */
class OnvifDoorLinePermitTest {
    private static final String REFUSAL = "test: node-1 no longer owns controller onvif-ctl";

    private final Vertx vertx = Vertx.vertx();
    private OnvifDoorFixture f;

    @AfterEach
    void tearDown() {
        if (f != null) f.close();
        await(vertx.close());
    }

    @Test
    void aRefusedPermitSendsNothingAndFailsCommandsOffline() throws Exception {
        f = OnvifDoorFixture.start(vertx);
        await(f.door().execute(new DoorCommand.Unlock(), Instant.now().plus(f.door().commandTimeout())));
        assertThat(f.strikeReleased()).isTrue();

        f.ctx.recording.permit.revoke(REFUSAL);
        Thread.sleep(100); // a request already handed to the socket may still land
        int heard = f.sim.receivedAll();
        Throwable t = awaitFailure(f.door().execute(new DoorCommand.Lock(), Instant.now().plus(f.door().commandTimeout())));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(t).hasMessageContaining(REFUSAL);
        Thread.sleep(1500); // several health checks and event pulls would have gone out by now
        assertThat(f.sim.receivedAll()).as("no request reached the controller").isEqualTo(heard);
        assertThat(f.sim.received("LockDoor")).isZero();
        assertThat(f.strikeReleased()).as("the lock was never sent").isTrue();

        f.ctx.recording.permit.grant();
        until(() -> f.sim.receivedAll() > heard, "requests resume once the line is ours again");
    }
}
