package io.warden.osdp.codec;

import static io.warden.osdp.codec.OsdpWire.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CP-to-PD command: its code and the data bytes after the code. The frame around it (address,
 * SQN, SCB, MAC, check) is {@link OsdpFrame}'s business. Multi-byte fields are little-endian.
 *
 * <p>Record constructors check that each field fits its wire size and throw
 * {@link IllegalArgumentException} otherwise; {@link #decode} checks lengths first and throws
 * {@link OsdpDecodeException} instead, so it never throws anything else. Arrays are copied in.
 */
public sealed interface OsdpCommand {

    /** The command code, e.g. {@link OsdpCodes#CMD_POLL}. */
    int code();

    /** The data bytes after the code, as sent on the wire (plaintext). */
    byte[] encode();

    /**
     * Decodes the data after a command code.
     *
     * @return the matching record, or {@link Unknown} for a code not listed here (a PD answers NAK 0x03)
     * @throws OsdpDecodeException with {@link OsdpCodes#NAK_LENGTH} when the length does not fit the code
     */
    static OsdpCommand decode(int code, byte[] data) throws OsdpDecodeException {
        byte[] d = data == null ? new byte[0] : data;
        switch (code) {
            case OsdpCodes.CMD_POLL: return length("POLL", d, 0, new Poll());
            case OsdpCodes.CMD_ID: return length("ID", d, 1, new Id());
            case OsdpCodes.CMD_CAP: return length("CAP", d, 1, new Cap());
            case OsdpCodes.CMD_LSTAT: return length("LSTAT", d, 0, new LStat());
            case OsdpCodes.CMD_ISTAT: return length("ISTAT", d, 0, new IStat());
            case OsdpCodes.CMD_OSTAT: return length("OSTAT", d, 0, new OStat());
            case OsdpCodes.CMD_RSTAT: return length("RSTAT", d, 0, new RStat());
            case OsdpCodes.CMD_OUT: {
                List<OutputControl> out = new ArrayList<>();
                for (int i = 0; i < records("OUT", d, 4); i += 4) {
                    out.add(new OutputControl(u8(d, i), u8(d, i + 1), u16(d, i + 2)));
                }
                return new Out(out);
            }
            case OsdpCodes.CMD_LED: {
                List<LedControl> leds = new ArrayList<>();
                for (int i = 0; i < records("LED", d, 14); i += 14) {
                    leds.add(new LedControl(u8(d, i), u8(d, i + 1), u8(d, i + 2), u8(d, i + 3), u8(d, i + 4), u8(d, i + 5),
                            u8(d, i + 6), u16(d, i + 7), u8(d, i + 9), u8(d, i + 10), u8(d, i + 11), u8(d, i + 12), u8(d, i + 13)));
                }
                return new Led(leds);
            }
            case OsdpCodes.CMD_BUZ: {
                List<BuzzerControl> buzzers = new ArrayList<>();
                for (int i = 0; i < records("BUZ", d, 5); i += 5) {
                    buzzers.add(new BuzzerControl(u8(d, i), u8(d, i + 1), u8(d, i + 2), u8(d, i + 3), u8(d, i + 4)));
                }
                return new Buz(buzzers);
            }
            case OsdpCodes.CMD_TEXT:
                if (d.length < 6 || d.length != 6 + u8(d, 5)) {
                    throw lengthError("TEXT", d, d.length < 6 ? "at least 6" : "6 + text length " + u8(d, 5));
                }
                return new Text(u8(d, 0), u8(d, 1), u8(d, 2), u8(d, 3), u8(d, 4),
                        new String(d, 6, d.length - 6, StandardCharsets.ISO_8859_1));
            case OsdpCodes.CMD_COMSET: return new ComSet(u8(length("COMSET", d, 5, d), 0), u32(d, 1));
            case OsdpCodes.CMD_KEYSET:
                if (d.length < 2 || d.length != 2 + u8(d, 1)) {
                    throw lengthError("KEYSET", d, d.length < 2 ? "at least 2" : "2 + key length " + u8(d, 1));
                }
                return new KeySet(u8(d, 0), Arrays.copyOfRange(d, 2, d.length));
            case OsdpCodes.CMD_CHLNG: return new Chlng(length("CHLNG", d, 8, d));
            case OsdpCodes.CMD_SCRYPT: return new Scrypt(length("SCRYPT", d, 16, d));
            case OsdpCodes.CMD_ACURXSIZE: return new AcuRxSize(u16(length("ACURXSIZE", d, 2, d), 0));
            case OsdpCodes.CMD_MFG:
                if (d.length < 3) throw lengthError("MFG", d, "at least 3");
                return new Mfg(Arrays.copyOf(d, 3), Arrays.copyOfRange(d, 3, d.length));
            default: return new Unknown(code, d);
        }
    }

    /** osdp_POLL: "anything to report?". */
    record Poll() implements OsdpCommand {
        public int code() { return OsdpCodes.CMD_POLL; }
        public byte[] encode() { return new byte[0]; }
    }

    /** osdp_ID: ask for the standard PDID report (data byte 0x00). */
    record Id() implements OsdpCommand {
        public int code() { return OsdpCodes.CMD_ID; }
        public byte[] encode() { return new byte[] {0}; }
    }

    /** osdp_CAP: ask for the PDCAP list (data byte 0x00). */
    record Cap() implements OsdpCommand {
        public int code() { return OsdpCodes.CMD_CAP; }
        public byte[] encode() { return new byte[] {0}; }
    }

    /** osdp_LSTAT: local status (tamper, power). */
    record LStat() implements OsdpCommand {
        public int code() { return OsdpCodes.CMD_LSTAT; }
        public byte[] encode() { return new byte[0]; }
    }

    /** osdp_ISTAT: input status. */
    record IStat() implements OsdpCommand {
        public int code() { return OsdpCodes.CMD_ISTAT; }
        public byte[] encode() { return new byte[0]; }
    }

    /** osdp_OSTAT: output status. */
    record OStat() implements OsdpCommand {
        public int code() { return OsdpCodes.CMD_OSTAT; }
        public byte[] encode() { return new byte[0]; }
    }

    /** osdp_RSTAT: attached reader status. */
    record RStat() implements OsdpCommand {
        public int code() { return OsdpCodes.CMD_RSTAT; }
        public byte[] encode() { return new byte[0]; }
    }

    /** osdp_OUT: one or more output records. */
    record Out(List<OutputControl> outputs) implements OsdpCommand {
        public Out {
            outputs = nonEmpty(outputs, "outputs");
        }

        public int code() { return OsdpCodes.CMD_OUT; }

        public byte[] encode() {
            ByteBuffer b = le(4 * outputs.size());
            outputs.forEach(o -> b.put((byte) o.output()).put((byte) o.controlCode()).putShort((short) o.timer()));
            return b.array();
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

        public int code() { return OsdpCodes.CMD_LED; }

        public byte[] encode() {
            ByteBuffer b = le(14 * leds.size());
            for (LedControl l : leds) {
                b.put((byte) l.reader()).put((byte) l.led()).put((byte) l.tempControl()).put((byte) l.tempOnTime())
                        .put((byte) l.tempOffTime()).put((byte) l.tempOnColor()).put((byte) l.tempOffColor())
                        .putShort((short) l.tempTimer()).put((byte) l.permControl()).put((byte) l.permOnTime())
                        .put((byte) l.permOffTime()).put((byte) l.permOnColor()).put((byte) l.permOffColor());
            }
            return b.array();
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

        public int code() { return OsdpCodes.CMD_BUZ; }

        public byte[] encode() {
            ByteBuffer b = le(5 * buzzers.size());
            buzzers.forEach(z -> b.put((byte) z.reader()).put((byte) z.tone()).put((byte) z.onTime()).put((byte) z.offTime())
                    .put((byte) z.count()));
            return b.array();
        }
    }

    /** One osdp_BUZ record: tone 0 none, 1 off, 2 default; times x 100 ms; count 0 = until told otherwise. */
    record BuzzerControl(int reader, int tone, int onTime, int offTime, int count) {
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

        public int code() { return OsdpCodes.CMD_TEXT; }

        public byte[] encode() {
            return le(6 + text.length()).put((byte) reader).put((byte) textCommand).put((byte) tempTimeSeconds).put((byte) row)
                    .put((byte) column).put((byte) text.length()).put(text.getBytes(StandardCharsets.ISO_8859_1)).array();
        }
    }

    /** osdp_COMSET: the address and baud rate the PD should use from now on. */
    record ComSet(int address, int baud) implements OsdpCommand {
        public ComSet {
            check(address, 0xFF, "address");
        }

        public int code() { return OsdpCodes.CMD_COMSET; }
        public byte[] encode() { return le(5).put((byte) address).putInt(baud).array(); }
    }

    /** osdp_KEYSET: key type (0x01 = SCBK) and the key; only valid inside a secure session. */
    record KeySet(int keyType, byte[] key) implements OsdpCommand {
        public KeySet {
            check(keyType, 0xFF, "keyType");
            key = sized(key, -1, "key");
            check(key.length, 0xFF, "key length");
        }

        public int code() { return OsdpCodes.CMD_KEYSET; }
        public byte[] encode() { return le(2 + key.length).put((byte) keyType).put((byte) key.length).put(key).array(); }
        @Override public boolean equals(Object o) { return o instanceof KeySet k && k.keyType == keyType && Arrays.equals(k.key, key); }
        @Override public int hashCode() { return keyType * 31 + Arrays.hashCode(key); }
        @Override public String toString() { return "KeySet[keyType=" + keyType + ", key=(" + key.length + " bytes, redacted)]"; } // never log keys
    }

    /** osdp_CHLNG: RND.A, 8 bytes. The SCB (03 11 ks) belongs to the frame. */
    record Chlng(byte[] rndA) implements OsdpCommand {
        public Chlng {
            rndA = sized(rndA, 8, "rndA");
        }

        public int code() { return OsdpCodes.CMD_CHLNG; }
        public byte[] encode() { return rndA.clone(); }
        @Override public boolean equals(Object o) { return o instanceof Chlng c && Arrays.equals(c.rndA, rndA); }
        @Override public int hashCode() { return Arrays.hashCode(rndA); }
        @Override public String toString() { return "Chlng[rndA=" + hex(rndA) + "]"; }
    }

    /** osdp_SCRYPT: the 16-byte server cryptogram. */
    record Scrypt(byte[] serverCryptogram) implements OsdpCommand {
        public Scrypt {
            serverCryptogram = sized(serverCryptogram, 16, "serverCryptogram");
        }

        public int code() { return OsdpCodes.CMD_SCRYPT; }
        public byte[] encode() { return serverCryptogram.clone(); }
        @Override
        public boolean equals(Object o) {
            return o instanceof Scrypt s && Arrays.equals(s.serverCryptogram, serverCryptogram);
        }
        @Override public int hashCode() { return Arrays.hashCode(serverCryptogram); }
        @Override public String toString() { return "Scrypt[serverCryptogram=" + hex(serverCryptogram) + "]"; }
    }

    /** osdp_ACURXSIZE: the largest reply, in bytes, the CP can receive. */
    record AcuRxSize(int maxReceive) implements OsdpCommand {
        public AcuRxSize {
            check(maxReceive, 0xFFFF, "maxReceive");
        }

        public int code() { return OsdpCodes.CMD_ACURXSIZE; }
        public byte[] encode() { return le(2).putShort((short) maxReceive).array(); }
    }

    /** osdp_MFG: vendor OUI (3 raw bytes in wire order) and vendor data. */
    record Mfg(byte[] oui, byte[] data) implements OsdpCommand {
        public Mfg {
            oui = sized(oui, 3, "oui");
            data = sized(data, -1, "data");
        }

        public int code() { return OsdpCodes.CMD_MFG; }
        public byte[] encode() { return le(3 + data.length).put(oui).put(data).array(); }
        @Override public boolean equals(Object o) { return o instanceof Mfg m && Arrays.equals(m.oui, oui) && Arrays.equals(m.data, data); }
        @Override public int hashCode() { return Arrays.hashCode(oui) * 31 + Arrays.hashCode(data); }
        @Override public String toString() { return "Mfg[oui=" + hex(oui) + ", data=" + hex(data) + "]"; }
    }

    /** A command code this codec does not model; the data is kept as is. */
    record Unknown(int code, byte[] data) implements OsdpCommand {
        public Unknown {
            check(code, 0xFF, "code");
            data = sized(data, -1, "data");
        }

        public byte[] encode() { return data.clone(); }
        @Override public boolean equals(Object o) { return o instanceof Unknown u && u.code == code && Arrays.equals(u.data, data); }
        @Override public int hashCode() { return code * 31 + Arrays.hashCode(data); }
        @Override public String toString() { return "Unknown[code=0x%02X, data=%s]".formatted(code, hex(data)); }
    }
}
