package io.warden.sim.osdp.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.contract.DoorControllerContract;
import io.warden.adapter.api.contract.DoorControllerFixture;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The door-controller contract over a real serial line (a pseudo-terminal pair opened through
 * jSerialComm), inside an AES secure channel the PD requires, with replies paced at 115200 baud.
 */
class OsdpSerialSecureDoorContractTest extends DoorControllerContract {
    static final String KEY = "000102030405060708090A0B0C0D0E0F";

    @Override
    protected DoorControllerFixture startFixture(Vertx vertx) throws Exception {
        OsdpPdConfig pd = OsdpPdConfig.defaults(1).withScbk(HexFormat.of().parseHex(KEY)).withSecureRequired(true);
        OsdpLineFixture line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.SERIAL,
                new OsdpPdSimulator.Options(true, 115_200, Duration.ofMillis(50)), List.of(pd),
                List.of(new JsonObject().put("address", 1).put("secure", "required").put("scbkSecret", "PD1_SCBK")),
                Map.of("PD1_SCBK", KEY));
        OsdpDoorFixture door = new OsdpDoorFixture(line, 1);
        if (!line.simulator.pd(1).secureSessionActive()) throw new AssertionError("expected a secure session with the PD");
        return door;
    }
}
