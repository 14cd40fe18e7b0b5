package io.warden.sim.osdp;

import io.warden.osdp.codec.OsdpCommand.BuzzerControl;
import io.warden.osdp.codec.OsdpCommand.LedControl;
import io.warden.sim.osdp.OsdpPdReaderState.Colour;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LED (LED 0) and buzzer of each reader of a simulated PD, as the osdp_LED and osdp_BUZ records
 * it ran left them. Commands run on the line's context; {@link #state} may be read from any thread
 * (each reader's state is one immutable value, replaced whole).
 */
final class OsdpPdReaders {
    private static final Logger log = LoggerFactory.getLogger(OsdpSimulatedPd.class);

    /** An LED state: colours and times (x 100 ms) as the record gave them. */
    private record Light(int onColour, int offColour, int onTime, int offTime) {
        static final Light DARK = new Light(LedControl.BLACK, LedControl.BLACK, 1, 0);

        Colour shown() {
            return Colour.of(onTime == 0 && offTime > 0 ? offColour : onColour);
        }

        boolean blinking() {
            return onTime > 0 && offTime > 0 && onColour != offColour;
        }
    }

    /** One reader: its permanent light, its temporary one (null: none) until {@code tempUntilNanos}, its buzzer. */
    private record Reader(Light permanent, Light temporary, long tempUntilNanos, int beeps, int beepCommands, long changedNanos) {
        static final Reader IDLE = new Reader(Light.DARK, null, 0, 0, 0, 0);
    }

    private final AtomicReferenceArray<Reader> readers;
    private final LongSupplier nanoClock;

    OsdpPdReaders(int count, LongSupplier nanoClock) {
        this.readers = new AtomicReferenceArray<>(count);
        this.nanoClock = nanoClock;
        for (int i = 0; i < count; i++) readers.set(i, Reader.IDLE);
    }

    int count() {
        return readers.length();
    }

    /** Runs one LED record (already checked: the reader exists, times are valid). Line context. */
    void led(int address, LedControl r) {
        long now = nanoClock.getAsLong();
        Reader before = readers.get(r.reader());
        Light permanent = r.permControl() == LedControl.PERM_SET
                ? new Light(r.permOnColor(), r.permOffColor(), r.permOnTime(), r.permOffTime()) : before.permanent();
        Light temporary = before.temporary();
        long until = before.tempUntilNanos();
        if (r.tempControl() == LedControl.TEMP_SET) {
            temporary = new Light(r.tempOnColor(), r.tempOffColor(), r.tempOnTime(), r.tempOffTime());
            until = now + Duration.ofMillis(100L * r.tempTimer()).toNanos();
        } else if (r.tempControl() == LedControl.TEMP_CANCEL) {
            temporary = null;
        }
        Reader after = new Reader(permanent, temporary, until, before.beeps(), before.beepCommands(), now);
        readers.set(r.reader(), after);
        if (r.tempControl() == LedControl.TEMP_SET) {
            log.info("event=reader_led address={} reader={} colour={} blinking={} for_ms={} then={}", address, r.reader(),
                    name(temporary.shown()), temporary.blinking(), 100L * r.tempTimer(), name(permanent.shown()));
        } else {
            log.info("event=reader_led address={} reader={} colour={} blinking={} permanent=true", address, r.reader(),
                    name(state(r.reader()).colour()), state(r.reader()).blinking());
        }
    }

    /** Runs one buzzer record (already checked). Line context. */
    void buzzer(int address, BuzzerControl r) {
        if (r.tone() == BuzzerControl.TONE_NONE) return;
        long now = nanoClock.getAsLong();
        Reader before = readers.get(r.reader());
        int beeps = r.tone() == BuzzerControl.TONE_OFF ? 0 : r.count();
        readers.set(r.reader(), new Reader(before.permanent(), before.temporary(), before.tempUntilNanos(), beeps,
                before.beepCommands() + 1, now));
        log.info("event=reader_beep address={} reader={} tone={} count={} on_ms={} off_ms={}", address, r.reader(), r.tone(),
                beeps, 100 * r.onTime(), 100 * r.offTime());
    }

    /** The reader's state now. Any thread. */
    OsdpPdReaderState state(int reader) {
        Reader r = readers.get(reader);
        long left = r.temporary() == null ? 0 : r.tempUntilNanos() - nanoClock.getAsLong();
        Light shown = left > 0 ? r.temporary() : r.permanent();
        return new OsdpPdReaderState(reader, shown.shown(), shown.blinking(), left > 0, Duration.ofNanos(Math.max(0, left)),
                r.permanent().shown(), r.beeps(), r.beepCommands(), r.changedNanos());
    }

    private static String name(Colour c) {
        return c.name().toLowerCase(Locale.ROOT);
    }
}
