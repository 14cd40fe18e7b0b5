package io.warden.sim.osdp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.adapter.api.CardFormat;
import io.warden.osdp.codec.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A timed list of things that happen at a door, played on one simulated PD (the demo site uses
 * it). Input 0 is the door contact (active = open), input 1 the REX (active = pressed), as in
 * osdp.md §8.
 *
 * <p>Text form, one step per line; a {@code #} at the start of a line or after a blank starts a comment
 * (the enter key in {@code keypad 1234#} does not). The delay is waited after the
 * previous step, in {@code ms} or {@code s}:
 * <pre>
 *   1s    swipe 0A1B2C40 26     # RAW card, hex bits and bit count
 *   1s    card h10301 40:6789             # a card in its format, FACILITY:NUMBER, parity set right:
 *   1s    card c1000 1234:567890          #   h10301 26 bits, c1000 35 bits (company:number), h10304 37 bits
 *   1s    card h10304 1234:56789
 *   1s    card-bad-parity h10301 40:6789  # the same card, its last bit (a parity bit) flipped: a bad read
 *   500ms door open             # door contact active
 *   3s    door close
 *   2s    rex                   # REX pressed for 500 ms
 *   1s    hold 10s              # door open, closed again 10 s later
 *   1s    keypad 1234#          # one KEYPAD with every key, as readers that buffer an entry send it
 *   1s    keys 1234#            # one KEYPAD per key, 250 ms apart, as most readers send a person typing
 *   1s    keys 1234# 600ms      #   the same, a slower typist
 *   1s    tamper on             # or off
 *   1s    power fail            # or ok
 * </pre>
 *
 * @param steps the steps in order
 */
public record OsdpPdScript(List<Step> steps) {
    private static final Logger log = LoggerFactory.getLogger(OsdpPdScript.class);
    /** Input wired to the door contact. */
    public static final int DOOR_CONTACT = 0;
    /** Input wired to the request-to-exit button. */
    public static final int REX = 1;
    private static final long REX_PRESS_MS = 500;

    /** What a step does. */
    public enum Kind { SWIPE, DOOR_OPEN, DOOR_CLOSE, REX, HOLD_OPEN, KEYPAD, KEYS, TAMPER, POWER_FAIL }

    /**
     * One step.
     *
     * @param delay   waited after the previous step
     * @param kind    what happens
     * @param data    card bits for SWIPE, else null
     * @param number  bit count for SWIPE, hold time in ms for HOLD_OPEN, gap between keys in ms for KEYS, 1/0 for TAMPER and POWER_FAIL
     * @param text    keys for KEYPAD and KEYS, else null
     */
    public record Step(Duration delay, Kind kind, Bytes data, long number, String text) {}

    public OsdpPdScript {
        steps = List.copyOf(steps);
    }

    /**
     * Parses the text form.
     *
     * @throws IllegalArgumentException naming the line number and what is wrong
     */
    public static OsdpPdScript parse(String text) {
        List<Step> steps = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("(^|\\s)#.*", "").strip(); // not the '#' of "keypad 1234#"
            if (line.isEmpty()) continue;
            try {
                steps.add(step(line.split("\\s+")));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("script line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return new OsdpPdScript(steps);
    }

    /**
     * Plays the steps once on {@code pd}, each after its delay, using Vert.x timers.
     *
     * @return completes after the last step; fails with the first step that failed
     */
    public Future<Void> run(Vertx vertx, OsdpSimulatedPd pd) {
        Future<Void> chain = Future.succeededFuture();
        for (Step s : steps) {
            chain = chain.compose(v -> vertx.timer(Math.max(1, s.delay().toMillis()), TimeUnit.MILLISECONDS))
                    .compose(v -> apply(vertx, pd, s));
        }
        return chain;
    }

    private static Future<Void> apply(Vertx vertx, OsdpSimulatedPd pd, Step s) {
        log.info("event=pd_script_step address={} kind={}", pd.address(), s.kind());
        switch (s.kind()) {
            case SWIPE: return pd.swipeCard(s.data().toArray(), (int) s.number());
            case DOOR_OPEN: return pd.setInput(DOOR_CONTACT, true);
            case DOOR_CLOSE: return pd.setInput(DOOR_CONTACT, false);
            case REX:
                return pd.setInput(REX, true).compose(v -> vertx.timer(REX_PRESS_MS, TimeUnit.MILLISECONDS))
                        .compose(v -> pd.setInput(REX, false));
            case HOLD_OPEN:
                return pd.setInput(DOOR_CONTACT, true).compose(v -> vertx.timer(Math.max(1, s.number()), TimeUnit.MILLISECONDS))
                        .compose(v -> pd.setInput(DOOR_CONTACT, false));
            case KEYPAD: return pd.keypad(s.text());
            case KEYS: return pd.typeKeys(s.text(), Duration.ofMillis(s.number()));
            case TAMPER: return pd.setTamper(s.number() != 0);
            case POWER_FAIL: return pd.setPowerFailure(s.number() != 0);
            default: return Future.failedFuture(new IllegalStateException("unhandled step " + s.kind()));
        }
    }

    private static Step step(String[] w) {
        if (w.length < 2) throw new IllegalArgumentException("expected: <delay> <action> [args]");
        Duration delay = duration(w[0]);
        String action = w[1].toLowerCase(Locale.ROOT);
        switch (action) {
            case "swipe": {
                need(w, 4);
                return new Step(delay, Kind.SWIPE, Bytes.fromHex(w[2]), Integer.parseInt(w[3]), null);
            }
            case "card":
            case "card-bad-parity": {
                need(w, 4);
                return card(delay, w[2], w[3], action.equals("card-bad-parity"));
            }
            case "door": {
                need(w, 3);
                boolean open = switch (w[2].toLowerCase(Locale.ROOT)) {
                    case "open" -> true;
                    case "close", "closed" -> false;
                    default -> throw new IllegalArgumentException("door takes open or close");
                };
                return new Step(delay, open ? Kind.DOOR_OPEN : Kind.DOOR_CLOSE, null, 0, null);
            }
            case "rex": return new Step(delay, Kind.REX, null, 0, null);
            case "hold": {
                need(w, 3);
                return new Step(delay, Kind.HOLD_OPEN, null, duration(w[2]).toMillis(), null);
            }
            case "keypad": {
                need(w, 3);
                return new Step(delay, Kind.KEYPAD, null, 0, w[2]);
            }
            case "keys": {
                need(w, 3);
                Duration gap = w.length > 3 ? duration(w[3]) : OsdpSimulatedPd.KEY_GAP;
                return new Step(delay, Kind.KEYS, null, gap.toMillis(), w[2]);
            }
            case "tamper": {
                need(w, 3);
                return new Step(delay, Kind.TAMPER, null, onOff(w[2], "on", "off"), null);
            }
            case "power": {
                need(w, 3);
                return new Step(delay, Kind.POWER_FAIL, null, onOff(w[2], "fail", "ok"), null);
            }
            default: throw new IllegalArgumentException("unknown action " + w[1]);
        }
    }

    /** A SWIPE of the card {@code facilityNumber} ("40:6789") in {@code format}, its last bit (a parity bit) flipped if asked. */
    private static Step card(Duration delay, String format, String facilityNumber, boolean badParity) {
        CardFormat f = switch (format.toLowerCase(Locale.ROOT)) {
            case "h10301" -> CardFormat.H10301;
            case "c1000" -> CardFormat.C1000;
            case "h10304" -> CardFormat.H10304;
            default -> throw new IllegalArgumentException("card format must be h10301, c1000 or h10304, not " + format);
        };
        String[] parts = facilityNumber.split(":", -1);
        if (parts.length != 2 || !parts[0].matches("\\d{1,9}") || !parts[1].matches("\\d{1,9}")) {
            throw new IllegalArgumentException("card needs FACILITY:NUMBER in digits, not " + facilityNumber);
        }
        byte[] data = f.encode(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        if (badParity) data[(f.bits() - 1) / 8] ^= (byte) (0x80 >>> ((f.bits() - 1) % 8));
        return new Step(delay, Kind.SWIPE, Bytes.of(data), f.bits(), null);
    }

    private static long onOff(String word, String yes, String no) {
        if (word.equalsIgnoreCase(yes)) return 1;
        if (word.equalsIgnoreCase(no)) return 0;
        throw new IllegalArgumentException("expected " + yes + " or " + no);
    }

    private static void need(String[] w, int n) {
        if (w.length < n) throw new IllegalArgumentException("missing argument");
    }

    static Duration duration(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        if (v.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        throw new IllegalArgumentException("duration needs ms or s: " + s);
    }
}
