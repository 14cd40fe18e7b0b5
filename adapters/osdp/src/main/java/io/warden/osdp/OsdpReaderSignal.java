package io.warden.osdp;

import io.warden.adapter.api.ReaderSignal;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpCommand.BuzzerControl;
import io.warden.osdp.codec.OsdpCommand.LedControl;
import java.time.Duration;
import java.util.List;

/**
 * What each {@link ReaderSignal} looks and sounds like on an OSDP reader: one osdp_LED record for
 * the reader's LED 0 and one osdp_BUZ record. The LED's temporary state is set (its timer starts) and
 * its permanent state is left as it was (NOP), so the reader goes back to whatever the panel shows
 * at rest when the timer ends.
 *
 * <pre>
 * signal        LED (temporary)                               buzzer (tone 2)
 * GRANTED       green, steady (on 1, off 0), for ledFor        1 beep: on 2, off 2 (x100 ms)
 * DENIED        red, steady, for 2 s (ledFor is not used)      2 beeps: on 2, off 2
 * PIN_REQUIRED  amber, blinking (on 5, off 5), for ledFor      1 beep: on 2, off 2
 * </pre>
 * Steady is on 1, off 0: libosdp's PD refuses on 0 and off 0 with a NAK (osdp.md §6).
 */
final class OsdpReaderSignal {
    /** How long a denial shows red. */
    static final Duration DENIED_LED = Duration.ofSeconds(2);
    /** The longest LED timer: 16 bits of 100 ms. */
    static final Duration MAX_LED = Duration.ofMillis(0xFFFFL * 100);
    private static final int BEEP_ON = 2;
    private static final int BEEP_OFF = 2;
    private static final int BLINK = 5;

    private OsdpReaderSignal() {}

    /** The osdp_LED command for {@code signal} on reader {@code reader}. */
    static OsdpCommand.Led led(int reader, ReaderSignal signal, Duration ledFor) {
        int on = 1;
        int off = 0;
        int colour;
        Duration time = ledFor;
        switch (signal) {
            case GRANTED:
                colour = LedControl.GREEN;
                break;
            case DENIED:
                colour = LedControl.RED;
                time = DENIED_LED;
                break;
            case PIN_REQUIRED:
                colour = LedControl.AMBER;
                on = BLINK;
                off = BLINK;
                break;
            default:
                throw new IllegalArgumentException("unknown signal " + signal);
        }
        return new OsdpCommand.Led(List.of(new LedControl(reader, 0, LedControl.TEMP_SET, on, off, colour, LedControl.BLACK,
                timer(time), LedControl.PERM_NOP, 0, 0, 0, 0)));
    }

    /** The osdp_BUZ command for {@code signal} on reader {@code reader}. */
    static OsdpCommand.Buz buz(int reader, ReaderSignal signal) {
        int beeps = signal == ReaderSignal.DENIED ? 2 : 1;
        return new OsdpCommand.Buz(List.of(new BuzzerControl(reader, BuzzerControl.TONE_DEFAULT, BEEP_ON, BEEP_OFF, beeps)));
    }

    /** {@code d} in 100 ms units, rounded up, at least 1, at most the 16-bit maximum. */
    static int timer(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("LED time must not be negative, not " + d);
        if (d.compareTo(MAX_LED) >= 0) return 0xFFFF;
        long units = (d.toNanos() + 99_999_999) / 100_000_000;
        return (int) Math.max(1, units);
    }
}
