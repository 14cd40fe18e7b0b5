package io.warden.osdp.codec;

import static io.warden.osdp.codec.OsdpWire.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A CP-to-PD command: its code and the data bytes after the code. The frame around it (address,
 * SQN, SCB, MAC, check) is {@link OsdpFrame}'s business. Multi-byte fields are little-endian.
 *
 * <p>Record constructors check that each field fits its wire size and throw
 * {@link IllegalArgumentException} otherwise; {@link #decode} checks lengths first and throws
 * {@link OsdpDecodeException} instead, so it never throws anything else. Byte fields are {@link Bytes}, immutable values.
 */
public sealed interface OsdpCommand {

    /** The command code byte, e.g. {@link OsdpCodes.Command#POLL}'s. */
    int code();

    /** The data bytes after the code, as sent on the wire (plaintext). */
    Bytes encode();

    /**
     * Decodes the data after a command code.
     *
     * @return the matching record, or {@link Unknown} for a code not listed here (a PD answers NAK 0x03)
     * @throws OsdpDecodeException with {@link OsdpCodes.NakReason#LENGTH} when the length does not fit the code
     */
    static OsdpCommand decode(int code, Bytes data) throws OsdpDecodeException {
        byte[] d = data == null ? new byte[0] : data.toArray();
        Optional<OsdpCodes.Command> known = OsdpCodes.Command.of(code);
        if (known.isEmpty()) return new Unknown(code, Bytes.of(d));
        switch (known.get()) {
            case POLL: return length("POLL", d, 0, new Poll());
            case ID: return length("ID", d, 1, new Id());
            case CAP: return length("CAP", d, 1, new Cap());
            case LSTAT: return length("LSTAT", d, 0, new LStat());
            case ISTAT: return length("ISTAT", d, 0, new IStat());
            case OSTAT: return length("OSTAT", d, 0, new OStat());
            case RSTAT: return length("RSTAT", d, 0, new RStat());
            case OUT: {
                List<OutputControl> out = new ArrayList<>();
                for (int i = 0; i < records("OUT", d, 4); i += 4) {
                    out.add(new OutputControl(u8(d, i), u8(d, i + 1), u16(d, i + 2)));
                }
                return new Out(out);
            }
            case LED: {
                List<LedControl> leds = new ArrayList<>();
                for (int i = 0; i < records("LED", d, 14); i += 14) {
                    leds.add(new LedControl(u8(d, i), u8(d, i + 1), u8(d, i + 2), u8(d, i + 3), u8(d, i + 4), u8(d, i + 5),
                            u8(d, i + 6), u16(d, i + 7), u8(d, i + 9), u8(d, i + 10), u8(d, i + 11), u8(d, i + 12), u8(d, i + 13)));
                }
                return new Led(leds);
            }
            case BUZ: {
                List<BuzzerControl> buzzers = new ArrayList<>();
                for (int i = 0; i < records("BUZ", d, 5); i += 5) {
                    buzzers.add(new BuzzerControl(u8(d, i), u8(d, i + 1), u8(d, i + 2), u8(d, i + 3), u8(d, i + 4)));
                }
                return new Buz(buzzers);
            }
            case TEXT:
                if (d.length < 6 || d.length != 6 + u8(d, 5)) {
                    throw lengthError("TEXT", d, d.length < 6 ? "at least 6" : "6 + text length " + u8(d, 5));
                }
                return new Text(u8(d, 0), u8(d, 1), u8(d, 2), u8(d, 3), u8(d, 4),
                        new String(d, 6, d.length - 6, StandardCharsets.ISO_8859_1));
            case COMSET: return new ComSet(u8(length("COMSET", d, 5, d), 0), u32(d, 1));
            case KEYSET:
                if (d.length < 2 || d.length != 2 + u8(d, 1)) {
                    throw lengthError("KEYSET", d, d.length < 2 ? "at least 2" : "2 + key length " + u8(d, 1));
                }
                return new KeySet(u8(d, 0), Bytes.of(d, 2, d.length));
            case CHLNG: return new Chlng(length("CHLNG", d, 8, Bytes.of(d)));
            case SCRYPT: return new Scrypt(length("SCRYPT", d, 16, Bytes.of(d)));
            case ACURXSIZE: return new AcuRxSize(u16(length("ACURXSIZE", d, 2, d), 0));
            case MFG:
                if (d.length < 3) throw lengthError("MFG", d, "at least 3");
                return new Mfg(Bytes.of(d, 0, 3), Bytes.of(d, 3, d.length));
            default: throw new IllegalStateException("no decoder for " + known.get()); // every Command has a case
        }
    }

    /** osdp_POLL: "anything to report?". */
    record Poll() implements OsdpCommand {
        public int code() { return OsdpCodes.Command.POLL.value(); }
        public Bytes encode() { return Bytes.EMPTY; }
    }

    /** osdp_ID: ask for the standard PDID report (data byte 0x00). */
    record Id() implements OsdpCommand {
        public int code() { return OsdpCodes.Command.ID.value(); }
        public Bytes encode() { return Bytes.of((byte) 0); }
    }

    /** osdp_CAP: ask for the PDCAP list (data byte 0x00). */
    record Cap() implements OsdpCommand {
        public int code() { return OsdpCodes.Command.CAP.value(); }
        public Bytes encode() { return Bytes.of((byte) 0); }
    }

    /** osdp_LSTAT: local status (tamper, power). */
    record LStat() implements OsdpCommand {
        public int code() { return OsdpCodes.Command.LSTAT.value(); }
        public Bytes encode() { return Bytes.EMPTY; }
    }

    /** osdp_ISTAT: input status. */
    record IStat() implements OsdpCommand {
        public int code() { return OsdpCodes.Command.ISTAT.value(); }
        public Bytes encode() { return Bytes.EMPTY; }
    }

    /** osdp_OSTAT: output status. */
    record OStat() implements OsdpCommand {
        public int code() { return OsdpCodes.Command.OSTAT.value(); }
        public Bytes encode() { return Bytes.EMPTY; }
    }

    /** osdp_RSTAT: attached reader status. */
    record RStat() implements OsdpCommand {
        public int code() { return OsdpCodes.Command.RSTAT.value(); }
        public Bytes encode() { return Bytes.EMPTY; }
    }

    /** osdp_OUT: one or more output records. */
    record Out(List<OutputControl> outputs) implements OsdpCommand {
        public Out {
            outputs = nonEmpty(outputs, "outputs");
        }

        public int code() { return OsdpCodes.Command.OUT.value(); }

        public Bytes encode() {
            ByteBuffer b = le(4 * outputs.size());
            outputs.forEach(o -> b.put((byte) o.output()).put((byte) o.controlCode()).putShort((short) o.timer()));
            return Bytes.of(b.array());
        }
    }

    /**
     * One 4-byte osdp_OUT record.
     *
     * @param output      output number, 0 = first
     * @param controlCode 0..6, see the constants
     * @param timer       in 100 ms units, used by codes 5 and 6 only
     */
    record OutputControl(int output, int controlCode, int timer) {
        public static final int NOP = 0;
        /** Off now, cancelling any timed operation. */
        public static final int PERMANENT_OFF = 1;
        /** On now, cancelling any timed operation. */
        public static final int PERMANENT_ON = 2;
        /** Off once a running timed operation has finished. */
        public static final int PERMANENT_OFF_AFTER_TIMER = 3;
        /** On once a running timed operation has finished. */
        public static final int PERMANENT_ON_AFTER_TIMER = 4;
        /** On for {@code timer} x 100 ms, then back to the permanent state (door strike pulse). */
        public static final int TEMPORARY_ON = 5;
        /** Off for {@code timer} x 100 ms, then back to the permanent state. */
        public static final int TEMPORARY_OFF = 6;

        public OutputControl {
            check(output, 0xFF, "output");
            check(controlCode, 0xFF, "controlCode");
            check(timer, 0xFFFF, "timer");
        }

        public static OutputControl permanentOn(int output) { return new OutputControl(output, PERMANENT_ON, 0); }
        public static OutputControl permanentOff(int output) { return new OutputControl(output, PERMANENT_OFF, 0); }
        /** Temporary ON for {@code timer} x 100 ms. */
        public static OutputControl pulse(int output, int timer) { return new OutputControl(output, TEMPORARY_ON, timer); }
    }

    /** osdp_LED: one or more 14-byte LED records. */
    record Led(List<LedControl> leds) implements OsdpCommand {
        public Led {
            leds = nonEmpty(leds, "leds");
        }

        public int code() { return OsdpCodes.Command.LED.value(); }

        public Bytes encode() {
            ByteBuffer b = le(14 * leds.size());
            for (LedControl l : leds) {
                b.put((byte) l.reader()).put((byte) l.led()).put((byte) l.tempControl()).put((byte) l.tempOnTime())
                        .put((byte) l.tempOffTime()).put((byte) l.tempOnColor()).put((byte) l.tempOffColor())
                        .putShort((short) l.tempTimer()).put((byte) l.permControl()).put((byte) l.permOnTime())
                        .put((byte) l.permOffTime()).put((byte) l.permOnColor()).put((byte) l.permOffColor());
            }
            return Bytes.of(b.array());
        }
    }

    /**
     * One 14-byte osdp_LED record. Times are in 100 ms units; colours 0 black, 1 red, 2 green,
     * 3 amber, 4 blue, 5 magenta, 6 cyan, 7 white. On and off time must not both be 0 when setting
     * a state (use on 1, off 0 for a steady colour).
     */
    record LedControl(int reader, int led, int tempControl, int tempOnTime, int tempOffTime, int tempOnColor,
                      int tempOffColor, int tempTimer, int permControl, int permOnTime, int permOffTime,
                      int permOnColor, int permOffColor) {
        public static final int TEMP_NOP = 0;
        public static final int TEMP_CANCEL = 1;
        public static final int TEMP_SET = 2;
        public static final int PERM_NOP = 0;
        public static final int PERM_SET = 1;
        public static final int BLACK = 0;
        public static final int RED = 1;
        public static final int GREEN = 2;
        public static final int AMBER = 3;
        public static final int BLUE = 4;
        public static final int MAGENTA = 5;
        public static final int CYAN = 6;
        public static final int WHITE = 7;

        public LedControl {
            for (int v : new int[] {reader, led, tempControl, tempOnTime, tempOffTime, tempOnColor, tempOffColor,
                    permControl, permOnTime, permOffTime, permOnColor, permOffColor}) {
                check(v, 0xFF, "LED field");
            }
            check(tempTimer, 0xFFFF, "tempTimer");
        }
    }

    /** osdp_BUZ: one or more 5-byte buzzer records. */
    record Buz(List<BuzzerControl> buzzers) implements OsdpCommand {
        public Buz {
            buzzers = nonEmpty(buzzers, "buzzers");
        }

        public int code() { return OsdpCodes.Command.BUZ.value(); }

        public Bytes encode() {
            ByteBuffer b = le(5 * buzzers.size());
            buzzers.forEach(z -> b.put((byte) z.reader()).put((byte) z.tone()).put((byte) z.onTime()).put((byte) z.offTime())
                    .put((byte) z.count()));
            return Bytes.of(b.array());
        }
    }

    /** One osdp_BUZ record: tone 0 none, 1 off, 2 default; times x 100 ms; count 0 = until told otherwise. */
    record BuzzerControl(int reader, int tone, int onTime, int offTime, int count) {
        public static final int TONE_NONE = 0;
        public static final int TONE_OFF = 1;
        public static final int TONE_DEFAULT = 2;

        public BuzzerControl {
            for (int v : new int[] {reader, tone, onTime, offTime, count}) check(v, 0xFF, "buzzer field");
        }
    }

    /** osdp_TEXT: text command 1-4 (permanent/temporary, with/without wrap); row and column start at 1. */
    record Text(int reader, int textCommand, int tempTimeSeconds, int row, int column, String text) implements OsdpCommand {
        public Text {
            for (int v : new int[] {reader, textCommand, tempTimeSeconds, row, column}) check(v, 0xFF, "TEXT field");
            if (text == null || text.length() > 0xFF || !text.chars().allMatch(c -> c <= 0xFF)) {
                throw new IllegalArgumentException("text must be at most 255 single-byte characters: " + text);
            }
        }

        public int code() { return OsdpCodes.Command.TEXT.value(); }

        public Bytes encode() {
            return Bytes.of(le(6 + text.length()).put((byte) reader).put((byte) textCommand).put((byte) tempTimeSeconds).put((byte) row)
                    .put((byte) column).put((byte) text.length()).put(text.getBytes(StandardCharsets.ISO_8859_1)).array());
        }
    }

    /** osdp_COMSET: the address and baud rate the PD should use from now on. */
    record ComSet(int address, int baud) implements OsdpCommand {
        public ComSet {
            check(address, 0xFF, "address");
        }

        public int code() { return OsdpCodes.Command.COMSET.value(); }
        public Bytes encode() { return Bytes.of(le(5).put((byte) address).putInt(baud).array()); }
    }

    /** osdp_KEYSET: key type (0x01 = SCBK) and the key; only valid inside a secure session. */
    record KeySet(int keyType, Bytes key) implements OsdpCommand {
        public KeySet {
            check(keyType, 0xFF, "keyType");
            sized(key, -1, "key");
            check(key.length(), 0xFF, "key length");
        }

        public int code() { return OsdpCodes.Command.KEYSET.value(); }
        public Bytes encode() { return Bytes.of(key.putInto(le(2 + key.length()).put((byte) keyType).put((byte) key.length())).array()); }
    }

    /** osdp_CHLNG: RND.A, 8 bytes. The SCB (03 11 ks) belongs to the frame. */
    record Chlng(Bytes rndA) implements OsdpCommand {
        public Chlng {
            sized(rndA, 8, "rndA");
        }

        public int code() { return OsdpCodes.Command.CHLNG.value(); }
        public Bytes encode() { return rndA; }
    }

    /** osdp_SCRYPT: the 16-byte server cryptogram. */
    record Scrypt(Bytes serverCryptogram) implements OsdpCommand {
        public Scrypt {
            sized(serverCryptogram, 16, "serverCryptogram");
        }

        public int code() { return OsdpCodes.Command.SCRYPT.value(); }
        public Bytes encode() { return serverCryptogram; }
    }

    /** osdp_ACURXSIZE: the largest reply, in bytes, the CP can receive. */
    record AcuRxSize(int maxReceive) implements OsdpCommand {
        public AcuRxSize {
            check(maxReceive, 0xFFFF, "maxReceive");
        }

        public int code() { return OsdpCodes.Command.ACURXSIZE.value(); }
        public Bytes encode() { return Bytes.of(le(2).putShort((short) maxReceive).array()); }
    }

    /** osdp_MFG: vendor OUI (3 raw bytes in wire order) and vendor data. */
    record Mfg(Bytes oui, Bytes data) implements OsdpCommand {
        public Mfg {
            sized(oui, 3, "oui");
            sized(data, -1, "data");
        }

        public int code() { return OsdpCodes.Command.MFG.value(); }
        public Bytes encode() { return Bytes.of(data.putInto(oui.putInto(le(3 + data.length()))).array()); }
    }

    /** A command code this codec does not model; the data is kept as is. */
    record Unknown(int code, Bytes data) implements OsdpCommand {
        public Unknown {
            check(code, 0xFF, "code");
            sized(data, -1, "data");
        }

        public Bytes encode() { return data; }
    }
}
