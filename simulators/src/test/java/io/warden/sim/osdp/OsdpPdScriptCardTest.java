package io.warden.sim.osdp;

import static io.warden.adapter.api.testing.Waits.await;
import static io.warden.sim.osdp.OsdpTestCp.cmd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Vertx;
import io.warden.adapter.api.CardFormat;
import io.warden.adapter.api.CardFormatException;
import io.warden.adapter.api.Credential;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.transport.OsdpLoopbackTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The script's card steps: cards in their format with the parity a reader would send, or one parity bit wrong. */
class OsdpPdScriptCardTest {

    private static final String SCRIPT = """
            10ms card h10301 40:6789
            10ms card C1000 1234:567890     # format names in any case
            10ms card h10304 1234:56789
            10ms card-bad-parity h10301 40:6789
            """;

    @Test
    void cardStepsEncodeTheCardWithItsParity() throws Exception {
        List<OsdpPdScript.Step> steps = OsdpPdScript.parse(SCRIPT).steps();
        assertThat(steps).extracting(OsdpPdScript.Step::kind).containsOnly(OsdpPdScript.Kind.SWIPE);
        assertThat(steps).extracting(OsdpPdScript.Step::number).containsExactly(26L, 35L, 37L, 26L);
        // Worked out by hand in CardFormatTest: 40:6789 = 94 0D 42 80. Bit 26 (odd parity) is the 0x40
        // bit of the 4th byte, so the bad-parity card ends in C0.
        assertThat(steps.get(0).data().toArray()).isEqualTo(OsdpTestCp.hex("940D4280"));
        assertThat(steps.get(1).data().toArray()).isEqualTo(OsdpTestCp.hex("D34A2A9480"));
        assertThat(steps.get(2).data().toArray()).isEqualTo(OsdpTestCp.hex("82690DDD50"));
        assertThat(steps.get(3).data().toArray()).isEqualTo(OsdpTestCp.hex("940D42C0"));
        CardFormatException e = catchThrowableOfType(() -> CardFormat.decode(Credential.card(steps.get(3).data().toArray(), 26)),
                CardFormatException.class);
        assertThat(e).hasMessage("H10301: odd parity bit 26 (over bits 14-25) is wrong");
    }

    @Test
    void aKeypadStepKeepsItsEnterKeyAndAHashAfterABlankStartsAComment() {
        List<OsdpPdScript.Step> steps = OsdpPdScript.parse("""
                # a card, then its PIN ended with the enter key
                10ms card h10301 40:6789   # the teacher
                10ms keypad 2468#          # '#' is the enter key, 0x0D on the wire
                """).steps();
        assertThat(steps).extracting(OsdpPdScript.Step::kind).containsExactly(OsdpPdScript.Kind.SWIPE, OsdpPdScript.Kind.KEYPAD);
        assertThat(steps.get(1).text()).isEqualTo("2468#");
    }

    @Test
    void badCardStepsNameTheLine() {
        assertThatThrownBy(() -> OsdpPdScript.parse("1s door open\n1s card w26 40:6789"))
                .hasMessage("script line 2: card format must be h10301, c1000 or h10304, not w26: 1s card w26 40:6789");
        assertThatThrownBy(() -> OsdpPdScript.parse("1s card h10301 40-6789"))
                .hasMessage("script line 1: card needs FACILITY:NUMBER in digits, not 40-6789: 1s card h10301 40-6789");
        assertThatThrownBy(() -> OsdpPdScript.parse("1s card h10301 256:1"))
                .hasMessage("script line 1: H10301 facility must be 0-255, not 256: 1s card h10301 256:1");
        assertThatThrownBy(() -> OsdpPdScript.parse("1s card-bad-parity h10304 1:524288"))
                .hasMessage("script line 1: H10304 card number must be 0-524287, not 524288: 1s card-bad-parity h10304 1:524288");
        assertThatThrownBy(() -> OsdpPdScript.parse("1s card h10301")).hasMessageStartingWith("script line 1: missing argument");
    }

    @Test
    void aPlayedScriptSendsTheCardsAsRawReplies() throws Exception {
        Vertx vertx = Vertx.vertx();
        OsdpPdSimulator sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        OsdpTestCp cp = new OsdpTestCp(cable.b()).open();
        try {
            await(OsdpPdScript.parse(SCRIPT).run(vertx, sim.pd(1)));
            List<String> read = new ArrayList<>();
            for (int sqn = 0; sqn < 4; sqn++) {
                OsdpFrame f = cp.send(cmd(1, sqn == 0 ? 0 : (sqn - 1) % 3 + 1, OsdpCodes.Command.POLL.value())).frame();
                OsdpReply.Raw raw = (OsdpReply.Raw) OsdpReply.decode(f.code(), f.data());
                assertThat(raw.format()).isEqualTo(1);
                try {
                    read.add(CardFormat.decode(Credential.card(raw.data().toArray(), raw.bitCount())).id());
                } catch (CardFormatException e) {
                    read.add("bad read: " + e.getMessage());
                }
            }
            assertThat(read).containsExactly("H10301:40:6789", "C1000:1234:567890", "H10304:1234:56789",
                    "bad read: H10301: odd parity bit 26 (over bits 14-25) is wrong");
        } finally {
            cp.close();
            await(sim.close());
            await(vertx.close());
        }
    }

    @Test
    void aKeysStepSendsOneKeypadReplyPerKeyWithAGapBetween() throws Exception {
        List<OsdpPdScript.Step> steps = OsdpPdScript.parse("10ms keys 2468#\n10ms keys 13 600ms").steps();
        assertThat(steps).extracting(OsdpPdScript.Step::kind, OsdpPdScript.Step::text, OsdpPdScript.Step::number)
                .containsExactly(tuple(OsdpPdScript.Kind.KEYS, "2468#", 250L),
                        tuple(OsdpPdScript.Kind.KEYS, "13", 600L));
        Vertx vertx = Vertx.vertx();
        OsdpPdSimulator sim = await(OsdpPdSimulator.start(vertx, OsdpPdConfig.defaults(1)));
        OsdpLoopbackTransport.Pair cable = OsdpLoopbackTransport.create(vertx);
        await(sim.serveTransport(cable.a()));
        OsdpTestCp cp = new OsdpTestCp(cable.b()).open();
        try {
            long started = System.nanoTime();
            await(OsdpPdScript.parse("0ms keys 24# 100ms").run(vertx, sim.pd(1)));
            assertThat((System.nanoTime() - started) / 1_000_000).as("two gaps of 100 ms").isGreaterThanOrEqualTo(200);
            List<String> replies = new ArrayList<>();
            for (int sqn = 0; sqn < 4; sqn++) {
                OsdpFrame f = cp.send(cmd(1, sqn == 0 ? 0 : (sqn - 1) % 3 + 1, OsdpCodes.Command.POLL.value())).frame();
                replies.add(String.format("%02X:%s", f.code(), java.util.HexFormat.of().withUpperCase().formatHex(f.data().toArray())));
            }
            // KEYPAD (0x53): reader 0, one key, the key; '#' travels as 0x0D. Then ACK: nothing more held.
            assertThat(replies).containsExactly("53:000132", "53:000134", "53:00010D", "40:");
        } finally {
            cp.close();
            await(sim.close());
            await(vertx.close());
        }
    }
}
