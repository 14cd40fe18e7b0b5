package io.warden.sim.osdp.e2e;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.adapter.api.testing.Waits.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.DeviceEvent;
import io.warden.adapter.api.DeviceHealth;
import io.warden.adapter.api.DoorCommand;
import io.warden.adapter.api.DoorState.LockState;
import io.warden.sim.osdp.OsdpPdConfig;
import io.warden.sim.osdp.OsdpPdSimulator;
import io.warden.sim.osdp.OsdpSimulatedPd;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Recovery the way real readers behave: restarts with stale frames in their buffer, a wrong key,
 * card data sent without encryption inside a session.
 */
class OsdpLineResyncTest extends OsdpLineTestBase {
    private static final String KEY = "A1A2A3A4A5A6A7A8B1B2B3B4B5B6B7B8";
    private static final int CHLNG = 0x76;
    private static final int POLL = 0x60;

    private static OsdpPdConfig securePd(int address, String key) {
        return OsdpPdConfig.defaults(address).withScbk(HexFormat.of().parseHex(key)).withSecureRequired(true);
    }

    private static JsonObject secureDevice(int address) {
        return new JsonObject().put("address", address).put("secure", "required").put("scbkSecret", "KEY");
    }

    @Test
    void aMultiDropLineIsBackWithinTwoSecondsAfterQuickRestartsWithStaleBytes() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.SERIAL, new OsdpPdSimulator.Options(true, 115_200, Duration.ofMillis(50)),
                List.of(OsdpPdConfig.defaults(1), securePd(2, KEY)), List.of(OsdpLineFixture.plainDevice(1), secureDevice(2)),
                Map.of("KEY", KEY));
        until(() -> line.door(1).state().online() && line.door(2).state().online(), "both PDs online");
        OsdpSimulatedPd plain = line.simulator.pd(1);
        OsdpSimulatedPd secure = line.simulator.pd(2);

        long answering = System.nanoTime();
        await(Future.all(plain.restartWithStaleBytes(Duration.ZERO, 2), secure.restartWithStaleBytes(Duration.ZERO, 2)));
        var unlock1 = line.execute(1, new DoorCommand.Unlock());
        var unlock2 = line.execute(2, new DoorCommand.Unlock());
        assertThat(await(unlock1).state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(await(unlock2).state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(Duration.ofNanos(System.nanoTime() - answering)).as("both back and obeying").isLessThan(Duration.ofSeconds(2));
        assertThat(secure.secureSessionActive()).isTrue();
        assertThat(plain.output(0)).isTrue();
        assertThat(secure.output(0)).isTrue();

        // In step, not one request late: a card read arrives as itself, once.
        await(secure.swipeCard(new byte[] {0x0A, 0x1B, 0x2C, 0x40}, 26));
        until(() -> !line.context.events(DeviceEvent.CredentialRead.class).isEmpty(), "card read");
        assertThat(line.context.events(DeviceEvent.CredentialRead.class)).singleElement()
                .satisfies(e -> assertThat(e.credential().value()).isEqualTo("0A1B2C40"));
        assertThat(line.context.events(DeviceEvent.DeviceOffline.class)).as("a quick restart is not an outage").isEmpty();
    }

    private OsdpSimulatedPd oneSecurePdOnline() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                List.of(securePd(1, KEY)), List.of(secureDevice(1)), Map.of("KEY", KEY));
        until(() -> line.door(1).state().online(), "PD online");
        return line.simulator.pd(1);
    }

    @Test
    void aReplyWhoseMacFailsAndIsNotFollowedByAGoodOneRestartsTheSessionAtOnce() throws Exception {
        OsdpSimulatedPd pd = oneSecurePdOnline();
        int handshakes = pd.commandsReceived(CHLNG);

        long t0 = System.nanoTime();
        pd.faults().badMacNext(1); // its retry gets the same bad reply from the PD's cache
        until(() -> pd.commandsReceived(CHLNG) > handshakes && pd.secureSessionActive(), "a new session");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("resynchronised, not left to go offline")
                .isLessThan(OsdpLineFixture.OFFLINE_AFTER);
        assertThat(await(line.execute(1, new DoorCommand.Unlock())).state().lock()).isEqualTo(LockState.UNLOCKED);
        assertThat(line.context.events(DeviceEvent.DeviceOffline.class)).isEmpty();
    }

    @Test
    void aPdWhoseEveryMacFailsGoesOfflineInsteadOfHandshakingInALoop() throws Exception {
        OsdpSimulatedPd pd = oneSecurePdOnline();
        int handshakes = pd.commandsReceived(CHLNG);

        pd.faults().badMacNext(1_000_000);
        until(() -> !line.context.events(DeviceEvent.DeviceOffline.class).isEmpty(), "offline");
        assertThat(line.door(1).state().online()).isFalse();
        assertThat(pd.commandsReceived(CHLNG) - handshakes).as("one new session tried, not a loop").isLessThanOrEqualTo(2);
    }

    @Test
    void aPdWithTheWrongKeyCostsAtMostOneHandshakePerProbeInterval() throws Exception {
        line = OsdpLineFixture.start(vertx, OsdpLineFixture.Link.TCP, OsdpPdSimulator.Options.DEFAULT,
                List.of(securePd(1, "000102030405060708090A0B0C0D0E0F")), List.of(secureDevice(1)), Map.of("KEY", KEY));
        OsdpSimulatedPd pd = line.simulator.pd(1);
        until(() -> pd.commandsReceived(CHLNG) >= 3, "three handshakes tried");

        DeviceHealth h = line.adapter.health("line/1");
        assertThat(h.status()).isEqualTo(DeviceHealth.Status.OFFLINE);
        assertThat(h.reason()).isEqualTo(DeviceHealth.Reason.SECURE_CHANNEL_FAILED);
        assertThat(h.detail()).contains("secure channel required").containsIgnoringCase("cryptogram");

        List<OsdpSimulatedPd.Received> log = pd.receivedLog();
        List<Long> handshakes = log.stream().filter(r -> r.code() == CHLNG).map(OsdpSimulatedPd.Received::nanos).limit(3).toList();
        for (int i = 1; i < handshakes.size(); i++) {
            assertThat(Duration.ofNanos(handshakes.get(i) - handshakes.get(i - 1))).as("pause before handshake %d", i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(280)); // probeIntervalMs 300, then doubled
        }
        long frames = log.stream().filter(r -> r.nanos() >= handshakes.get(0) && r.nanos() <= handshakes.get(2)).count();
        assertThat(frames).as("ID, CAP and CHLNG per attempt, nothing in between").isLessThanOrEqualTo(7);
        assertThat(line.context.events(DeviceEvent.DeviceOffline.class)).as("reported once").hasSize(1);
    }

    @Test
    void cardDataWithoutEncryptionInsideASessionIsRefused() throws Exception {
        OsdpSimulatedPd pd = oneSecurePdOnline();

        pd.faults().credentialsMacOnly(true);
        await(pd.swipeCard(new byte[] {0x01, 0x02, 0x03, 0x40}, 26));
        await(pd.keypad("9999#"));
        until(() -> pd.pendingEvents() == 0, "both polled out");
        // The PD takes an event off its queue before it seals the reply: wait for the next POLL, which
        // it handles only once that reply went out MAC-only.
        int polls = pd.commandsReceived(POLL);
        until(() -> pd.commandsReceived(POLL) > polls, "the next poll");
        pd.faults().credentialsMacOnly(false);
        await(pd.swipeCard(new byte[] {0x0A, 0x1B, 0x2C, 0x40}, 26));
        until(() -> !line.context.events(DeviceEvent.CredentialRead.class).isEmpty(), "the encrypted read");
        assertThat(line.context.events(DeviceEvent.CredentialRead.class)).as("only what came encrypted").singleElement()
                .satisfies(e -> assertThat(e.credential().value()).isEqualTo("0A1B2C40"));
        assertThat(line.door(1).state().online()).isTrue();
    }
}
