package io.warden.osdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.adapter.api.ReaderSignal;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpCommand.BuzzerControl;
import io.warden.osdp.codec.OsdpCommand.LedControl;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpFrameCodec;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The osdp_LED and osdp_BUZ frames a reader signal becomes. The CRCs of the expected frames were
 * computed outside this code base (CRC-16/AUG-CCITT, checked against the vectors of osdp-vectors.md 2.4).
 */
class OsdpReaderSignalTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    /** The command as a marked plaintext CRC frame from the CP to PD 1. */
    private static byte[] frame(OsdpCommand c, int sqn) {
        return OsdpFrameCodec.encode(OsdpFrame.plain(1, false, sqn, true, c.code(), c.encode()), true);
    }

    @Test
    void theVectorsLedAndBuzRecordsEncodeByteExact() {
        // osdp-vectors.md 2.4, LED: reader 0, LED 0 | temp: set, on 5, off 5, green, black, 3 s | perm: set, on 1, off 0, red, black.
        OsdpCommand.Led led = new OsdpCommand.Led(List.of(new LedControl(0, 0, LedControl.TEMP_SET, 5, 5, LedControl.GREEN,
                LedControl.BLACK, 30, LedControl.PERM_SET, 1, 0, LedControl.RED, LedControl.BLACK)));
        assertThat(frame(led, 2)).isEqualTo(hex("FF 53 01 16 00 06 69 00 00 02 05 05 02 00 1E 00 01 01 00 01 00 90 A4"));
        // BUZ: reader 0, default tone, on 2, off 2, count 2.
        OsdpCommand.Buz buz = new OsdpCommand.Buz(List.of(new BuzzerControl(0, BuzzerControl.TONE_DEFAULT, 2, 2, 2)));
        assertThat(frame(buz, 3)).isEqualTo(hex("FF 53 01 0D 00 07 6A 00 02 02 02 02 1E 75"));
    }

    @Test
    void grantedIsSteadyGreenForTheGivenTimeAndOneBeep() {
        Bytes led = OsdpReaderSignal.led(0, ReaderSignal.GRANTED, Duration.ofSeconds(1)).encode();
        // reader 0, LED 0 | temp: 02 set, on 01, off 00 (steady), on-colour 02 green, off-colour 00, timer 0A 00 = 10 x 100 ms
        // | perm: 00 NOP, then on, off, colours all 0 (ignored by the PD)
        assertThat(led.toArray()).isEqualTo(hex("00 00 02 01 00 02 00 0A 00 00 00 00 00 00"));
        assertThat(frame(OsdpReaderSignal.led(0, ReaderSignal.GRANTED, Duration.ofSeconds(1)), 1))
                .isEqualTo(hex("FF 53 01 16 00 05 69 00 00 02 01 00 02 00 0A 00 00 00 00 00 00 83 C6"));
        // reader 0, tone 02 default, on 02 x 100 ms, off 02, count 01
        assertThat(OsdpReaderSignal.buz(0, ReaderSignal.GRANTED).encode().toArray()).isEqualTo(hex("00 02 02 02 01"));
        assertThat(frame(OsdpReaderSignal.buz(0, ReaderSignal.GRANTED), 2)).isEqualTo(hex("FF 53 01 0D 00 06 6A 00 02 02 02 01 1C FD"));
    }

    @Test
    void deniedIsSteadyRedForTwoSecondsAndTwoBeeps() {
        // The LED time passed in is not used: a denial shows red for 2 s (timer 14 00 = 20 x 100 ms).
        assertThat(frame(OsdpReaderSignal.led(0, ReaderSignal.DENIED, Duration.ofSeconds(9)), 1))
                .isEqualTo(hex("FF 53 01 16 00 05 69 00 00 02 01 00 01 00 14 00 00 00 00 00 00 34 EE"));
        // The same record as the vector's BUZ: default tone, on 2, off 2, count 2.
        assertThat(frame(OsdpReaderSignal.buz(0, ReaderSignal.DENIED), 2)).isEqualTo(hex("FF 53 01 0D 00 06 6A 00 02 02 02 02 7F CD"));
    }

    @Test
    void pinRequiredBlinksAmberForTheGivenTimeAndBeepsOnce() {
        // temp: set, on 05, off 05 (blinking at 1 Hz), amber 03 / black, timer 2C 01 = 300 x 100 ms = 30 s
        assertThat(frame(OsdpReaderSignal.led(0, ReaderSignal.PIN_REQUIRED, Duration.ofSeconds(30)), 1))
                .isEqualTo(hex("FF 53 01 16 00 05 69 00 00 02 05 05 03 00 2C 01 00 00 00 00 00 E4 34"));
        assertThat(OsdpReaderSignal.buz(0, ReaderSignal.PIN_REQUIRED).encode().toArray()).isEqualTo(hex("00 02 02 02 01"));
    }

    @Test
    void theRecordsNameTheDoorsReader() {
        assertThat(OsdpReaderSignal.led(3, ReaderSignal.GRANTED, Duration.ofSeconds(1)).leds()).singleElement()
                .satisfies(l -> assertThat(l.reader()).isEqualTo(3)).satisfies(l -> assertThat(l.led()).isZero());
        assertThat(OsdpReaderSignal.buz(3, ReaderSignal.DENIED).buzzers()).singleElement()
                .satisfies(b -> assertThat(b.reader()).isEqualTo(3));
    }

    @Test
    void theTimerCountsWhole100MsUpToItsSixteenBits() {
        assertThat(OsdpReaderSignal.timer(Duration.ZERO)).isEqualTo(1);
        assertThat(OsdpReaderSignal.timer(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(OsdpReaderSignal.timer(Duration.ofMillis(100))).isEqualTo(1);
        assertThat(OsdpReaderSignal.timer(Duration.ofMillis(100).plusNanos(1))).isEqualTo(2);
        assertThat(OsdpReaderSignal.timer(Duration.ofMillis(1001))).isEqualTo(11);
        assertThat(OsdpReaderSignal.timer(Duration.ofMillis(6_553_400))).isEqualTo(65_534);
        assertThat(OsdpReaderSignal.timer(Duration.ofMillis(6_553_500))).isEqualTo(65_535);
        assertThat(OsdpReaderSignal.timer(Duration.ofHours(5))).isEqualTo(65_535);
        assertThat(OsdpReaderSignal.timer(Duration.ofDays(365_000_000))).isEqualTo(65_535);
        assertThat(frame(OsdpReaderSignal.led(0, ReaderSignal.GRANTED, Duration.ofHours(5)), 1)).startsWith(
                hex("FF 53 01 16 00 05 69 00 00 02 01 00 02 00 FF FF 00"));
        assertThatThrownBy(() -> OsdpReaderSignal.timer(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
