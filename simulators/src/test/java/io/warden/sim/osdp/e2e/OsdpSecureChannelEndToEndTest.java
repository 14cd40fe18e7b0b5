package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.awaitFailure;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secure channel between the OSDP adapter and a simulated PD over TCP: provisioning and key trouble. */
class OsdpSecureChannelEndToEndTest extends OsdpLineTestBase {
    private static final String KEY = "A1A2A3A4A5A6A7A8B1B2B3B4B5B6B7B8";
    private static final String OTHER_KEY = "000102030405060708090A0B0C0D0E0F";


    private void start(OsdpPdConfig pd, JsonObject device) throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT, List.of(pd), List.of(device),
                Map.of("PD_KEY", KEY));
    }

    private static JsonObject device(String secure, boolean install) {
        return new JsonObject().put("address", 1).put("secure", secure).put("scbkSecret", "PD_KEY").put("install", install);
    }

    private DeviceHealth health() {
        return line.adapter.health("line/1");
    }

    @Test
    void installModeProvisionsTheKeyThenRunsEncrypted() throws Exception {
        start(OsdpPdConfig.defaults(1).withInstallMode(true), device("required", true));
        until(() -> line.door(1).state().online(), "PD online");

        var pd = line.simulator.pd(1);
        assertThat(HexFormat.of().withUpperCase().formatHex(pd.currentScbk())).isEqualTo(KEY);
        assertThat(pd.installMode()).as("install mode ends with a successful KEYSET").isFalse();
        assertThat(pd.secureSessionActive()).isTrue();
        assertThat(health().detail()).isEqualTo("secure channel established");

        var result = await(line.execute(1, new DoorCommand.Pulse(Duration.ofSeconds(1))));
        assertThat(result.state().lock()).isEqualTo(LockState.UNLOCKED);
        await(pd.swipeCard(new byte[] {0x0A, 0x1B, 0x2C, 0x40}, 26));
        until(() -> !line.context.events(DeviceEvent.CredentialRead.class).isEmpty(), "card read through the secure channel");
        var read = line.context.events(DeviceEvent.CredentialRead.class).get(0);
        assertThat(read.doorId()).isEqualTo("door-1");
        assertThat(read.credential().value()).isEqualTo("0A1B2C40");
        assertThat(read.credential().wiegand26()).isEqualTo("20:13912");
        await(pd.keypad("1234#"));
        until(() -> line.context.events(DeviceEvent.CredentialRead.class).size() == 2, "PIN entry");
        assertThat(line.context.events(DeviceEvent.CredentialRead.class).get(1).credential().value()).isEqualTo("1234#");
    }

    @Test
    void aWrongKeyWithSecureRequiredKeepsThePdOfflineAndSaysWhy() throws Exception {
        start(OsdpPdConfig.defaults(1).withScbk(HexFormat.of().parseHex(OTHER_KEY)).withSecureRequired(true), device("required", false));
        until(() -> health().status() == DeviceHealth.Status.OFFLINE, "PD reported offline");
        assertThat(health().detail()).contains("secure channel required").containsIgnoringCase("cryptogram");
        assertThat(health().detail()).doesNotContain(KEY).doesNotContain(OTHER_KEY);

        Throwable t = awaitFailure(line.execute(1, new DoorCommand.Unlock()));
        assertThat(WardenException.codeOf(t)).isEqualTo(ErrorCode.DEVICE_OFFLINE);
        assertThat(line.simulator.pd(1).output(0)).isFalse();
        var pd = line.simulator.pd(1);
        assertThat(pd.commandsReceived(0x61)).as("ID was sent").isPositive();
        // secure: required talks plaintext only for ID, CAP and the handshake
        assertThat(pd.commandsReceived(0x68) + pd.commandsReceived(0x60) + pd.commandsReceived(0x65) + pd.commandsReceived(0x66))
                .as("OUT, POLL, ISTAT or OSTAT sent in plaintext").isZero();
    }

    @Test
    void aWrongKeyWithSecurePreferredFallsBackToPlaintextAndSaysSo() throws Exception {
        start(OsdpPdConfig.defaults(1).withScbk(HexFormat.of().parseHex(OTHER_KEY)), device("preferred", false));
        until(() -> line.door(1).state().online(), "PD online");
        assertThat(health().detail()).startsWith("plaintext").contains("secure channel failed");
        assertThat(line.simulator.pd(1).secureSessionActive()).isFalse();
        assertThat(await(line.execute(1, new DoorCommand.Unlock())).state().lock()).isEqualTo(LockState.UNLOCKED);
    }
}
