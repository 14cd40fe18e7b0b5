package io.warden.gateway.door;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.gateway.EventBusAddresses;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failures cross the bus by code name: a node of another version cannot turn one code into another. */
class DoorBusCodesTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void aCodeTravelsByNameAndAnUnknownNameIsInternal() throws Exception {
        vertx.eventBus().<JsonObject>consumer(EventBusAddresses.door("d1"), m -> {
            assertThat(m.body().getString("deadline")).isNotNull();
            m.fail(0, new JsonObject().put("code", m.body().getString("command").equals("lock") ? "DEVICE_BUSY" : "FROM_A_NEWER_NODE")
                    .put("message", "busy").encode());
        });
        DoorBus bus = new DoorBus(vertx, Clock.systemUTC());
        Instant deadline = Instant.now().plusSeconds(1);
        assertThat(failure(bus, new DoorCommand.Lock(), deadline).code()).isEqualTo(ErrorCode.DEVICE_BUSY);
        WardenException unknown = failure(bus, new DoorCommand.Unlock(), deadline);
        assertThat(unknown.code()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(unknown.getMessage()).contains("FROM_A_NEWER_NODE");
    }

    private static WardenException failure(DoorBus bus, DoorCommand c, Instant deadline) {
        return (WardenException) awaitFailure(bus.send("d1", c, deadline));
    }
}
