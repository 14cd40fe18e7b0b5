package io.warden.osdp.codec;

import static io.warden.osdp.codec.OsdpWire.*;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A PD-to-CP reply: its code and the data bytes after the code. The frame around it is
 * {@link OsdpFrame}'s business. Multi-byte fields are little-endian.
 *
 * <p>Record constructors check that each field fits its wire size ({@link IllegalArgumentException}
 * otherwise); {@link #decode} checks lengths first and throws {@link OsdpDecodeException} instead.
 * Arrays are copied in.
 */
public sealed interface OsdpReply {

    /** The reply code, e.g. {@link OsdpCodes#REPLY_ACK}. */
    int code();

    /** The data bytes after the code, as sent on the wire (plaintext). */
    byte[] encode();

    /**
     * Decodes the data after a reply code (0..255).
     *
     * @return the matching record, or {@link Unknown} for a code not listed here
     * @throws OsdpDecodeException with {@link OsdpCodes#NAK_LENGTH} when the length does not fit the code
     */
    static OsdpReply decode(int code, byte[] data) throws OsdpDecodeException {
        byte[] d = data == null ? new byte[0] : data;
        switch (code) {
            case OsdpCodes.REPLY_ACK: return length("ACK", d, 0, new Ack());
            case OsdpCodes.REPLY_BUSY: return length("BUSY", d, 0, new Busy());
            case OsdpCodes.REPLY_NAK:
                if (d.length < 1) throw lengthError("NAK", d, "at least 1");
                return new Nak(d[0] & 0xFF, Arrays.copyOfRange(d, 1, d.length));
            case OsdpCodes.REPLY_PDID:
                length("PDID", d, 12, d);
                return new PdId(Arrays.copyOf(d, 3), u8(d, 3), u8(d, 4), u16(d, 5) | (long) u16(d, 7) << 16, u8(d, 9),
                        u8(d, 10), u8(d, 11));
            case OsdpCodes.REPLY_PDCAP: {
                if (d.length == 0 || d.length % 3 != 0) throw lengthError("PDCAP", d, "a non-zero multiple of 3");
                List<Capability> caps = new ArrayList<>();
                for (int i = 0; i < d.length; i += 3) caps.add(new Capability(u8(d, i), u8(d, i + 1), u8(d, i + 2)));
                return new PdCap(caps);
            }
            case OsdpCodes.REPLY_LSTATR: return new LStatR(length("LSTATR", d, 2, d)[0] != 0, d[1] != 0);
            case OsdpCodes.REPLY_ISTATR: return new IStatR(unsigned(d));
            case OsdpCodes.REPLY_OSTATR: return new OStatR(unsigned(d));
            case OsdpCodes.REPLY_RSTATR: return new RStatR(unsigned(d));
            case OsdpCodes.REPLY_RAW: {
                if (d.length < 4) throw lengthError("RAW", d, "at least 4");
                int bits = u16(d, 2);
                if (d.length != 4 + (bits + 7) / 8) {
                    throw new OsdpDecodeException(OsdpCodes.NAK_LENGTH, "RAW: bit count %d needs %d data bytes, got %d"
                            .formatted(bits, (bits + 7) / 8, d.length - 4));
                }
                return new Raw(u8(d, 0), u8(d, 1), bits, Arrays.copyOfRange(d, 4, d.length));
            }
            case OsdpCodes.REPLY_FMT:
                if (d.length < 3 || d.length != 3 + u8(d, 2)) {
                    throw lengthError("FMT", d, d.length < 3 ? "at least 3" : "3 + character count " + u8(d, 2));
                }
                return new Fmt(u8(d, 0), u8(d, 1), new String(d, 3, d.length - 3, StandardCharsets.ISO_8859_1));
            case OsdpCodes.REPLY_KEYPAD: {
                if (d.length < 2 || d.length != 2 + u8(d, 1)) {
                    throw lengthError("KEYPAD", d, d.length < 2 ? "at least 2" : "2 + key count " + u8(d, 1));
                }
                StringBuilder keys = new StringBuilder();
                for (int i = 2; i < d.length; i++) keys.append(d[i] == 0x7F ? '*' : d[i] == 0x0D ? '#' : (char) (d[i] & 0xFF));
                return new Keypad(u8(d, 0), keys.toString());
            }
            case OsdpCodes.REPLY_COM: return new Com(u8(length("COM", d, 5, d), 0), u16(d, 1) | u16(d, 3) << 16);
            case OsdpCodes.REPLY_CCRYPT:
                length("CCRYPT", d, 32, d);
                return new CCrypt(Arrays.copyOf(d, 8), Arrays.copyOfRange(d, 8, 16), Arrays.copyOfRange(d, 16, 32));
            case OsdpCodes.REPLY_RMAC_I: return new RMacI(length("RMAC_I", d, 16, d));
            case OsdpCodes.REPLY_MFGREP:
                if (d.length < 3) throw lengthError("MFGREP", d, "at least 3");
                return new MfgRep(Arrays.copyOf(d, 3), Arrays.copyOfRange(d, 3, d.length));
            default: return new Unknown(code, d);
        }
    }

    /** osdp_ACK: command done, nothing to report. */
    record Ack() implements OsdpReply {
        public int code() { return OsdpCodes.REPLY_ACK; }
        public byte[] encode() { return new byte[0]; }
    }

    /** osdp_BUSY: the PD cannot handle the command now; re-send it later. */
    record Busy() implements OsdpReply {
        public int code() { return OsdpCodes.REPLY_BUSY; }
        public byte[] encode() { return new byte[0]; }
    }

    /** osdp_NAK: an error code (OsdpCodes.NAK_*) and any extension bytes after it. */
    record Nak(int error, byte[] extra) implements OsdpReply {
        public Nak {
            check(error, 0xFF, "error");
            extra = sized(extra, -1, "extra");
        }

        public int code() { return OsdpCodes.REPLY_NAK; }
        public byte[] encode() { return le(1 + extra.length).put((byte) error).put(extra).array(); }
        @Override public boolean equals(Object o) { return o instanceof Nak n && n.error == error && Arrays.equals(n.extra, extra); }
        @Override public int hashCode() { return error * 31 + Arrays.hashCode(extra); }
        @Override public String toString() { return "Nak[error=0x%02X, extra=%s]".formatted(error, hex(extra)); }
    }

    /** osdp_PDID. {@code oui} is the 3 vendor bytes in wire order; {@code serial} is an unsigned LE32. */
    record PdId(byte[] oui, int model, int version, long serial, int firmwareMajor, int firmwareMinor, int firmwareBuild)
            implements OsdpReply {
        public PdId {
            oui = sized(oui, 3, "oui");
            for (int v : new int[] {model, version, firmwareMajor, firmwareMinor, firmwareBuild}) check(v, 0xFF, "PDID field");
            if (serial < 0 || serial > 0xFFFF_FFFFL) throw new IllegalArgumentException("serial must fit 32 bits: " + serial);
        }

        public int code() { return OsdpCodes.REPLY_PDID; }

        public byte[] encode() {
            return le(12).put(oui).put((byte) model).put((byte) version).putInt((int) serial).put((byte) firmwareMajor)
                    .put((byte) firmwareMinor).put((byte) firmwareBuild).array();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PdId p && Arrays.equals(p.oui, oui) && p.model == model && p.version == version && p.serial == serial
                    && p.firmwareMajor == firmwareMajor && p.firmwareMinor == firmwareMinor && p.firmwareBuild == firmwareBuild;
        }

        @Override public int hashCode() { return Arrays.hashCode(oui) * 31 + Long.hashCode(serial) + model; }

        @Override
        public String toString() {
            return "PdId[oui=%s, model=%d, version=%d, serial=0x%08X, firmware=%d.%d.%d]".formatted(hex(oui), model, version,
                    serial, firmwareMajor, firmwareMinor, firmwareBuild);
        }
    }

    /** osdp_PDCAP: the capability list, in wire order. */
    record PdCap(List<Capability> capabilities) implements OsdpReply {
        public PdCap {
            if (capabilities == null || capabilities.isEmpty()) {
                throw new IllegalArgumentException("capabilities must not be empty");
            }
            capabilities = List.copyOf(capabilities);
        }

        public int code() { return OsdpCodes.REPLY_PDCAP; }

        public byte[] encode() {
            ByteBuffer b = le(3 * capabilities.size());
            capabilities.forEach(c -> b.put((byte) c.function()).put((byte) c.compliance()).put((byte) c.items()));
            return b.array();
        }

        /** The first entry for {@code function} (OsdpCodes.CAP_*), if the PD reported one. */
        public Optional<Capability> find(int function) {
            return capabilities.stream().filter(c -> c.function() == function).findFirst();
        }
    }

    /** One PDCAP entry: function code, compliance level, number of items. */
    record Capability(int function, int compliance, int items) {
        public Capability {
            for (int v : new int[] {function, compliance, items}) check(v, 0xFF, "capability field");
        }
    }

    /** osdp_LSTATR: local tamper and power status. Any non-zero wire byte reads as true. */
    record LStatR(boolean tamper, boolean powerFailure) implements OsdpReply {
        public int code() { return OsdpCodes.REPLY_LSTATR; }
        public byte[] encode() { return new byte[] {(byte) (tamper ? 1 : 0), (byte) (powerFailure ? 1 : 0)}; }
    }

    /** osdp_ISTATR: the complete input state array, input 0 first (0 inactive, 1 active, more in newer revisions). */
    record IStatR(int[] inputs) implements OsdpReply {
        public IStatR { inputs = states(inputs); }
        public int code() { return OsdpCodes.REPLY_ISTATR; }
        public byte[] encode() { return bytes(inputs); }
        @Override public boolean equals(Object o) { return o instanceof IStatR s && Arrays.equals(s.inputs, inputs); }
        @Override public int hashCode() { return Arrays.hashCode(inputs); }
        @Override public String toString() { return "IStatR" + Arrays.toString(inputs); }
    }

    /** osdp_OSTATR: the complete output state array, output 0 first (0 inactive, 1 active). */
    record OStatR(int[] outputs) implements OsdpReply {
        public OStatR { outputs = states(outputs); }
        public int code() { return OsdpCodes.REPLY_OSTATR; }
        public byte[] encode() { return bytes(outputs); }
        @Override public boolean equals(Object o) { return o instanceof OStatR s && Arrays.equals(s.outputs, outputs); }
        @Override public int hashCode() { return Arrays.hashCode(outputs); }
        @Override public String toString() { return "OStatR" + Arrays.toString(outputs); }
    }

    /** osdp_RSTATR: one byte per attached reader (0 normal, 1 not connected, 2 tamper). */
    record RStatR(int[] readers) implements OsdpReply {
        public RStatR { readers = states(readers); }
        public int code() { return OsdpCodes.REPLY_RSTATR; }
        public byte[] encode() { return bytes(readers); }
        @Override public boolean equals(Object o) { return o instanceof RStatR s && Arrays.equals(s.readers, readers); }
        @Override public int hashCode() { return Arrays.hashCode(readers); }
        @Override public String toString() { return "RStatR" + Arrays.toString(readers); }
    }

    /**
     * osdp_RAW card data: format 0 unspecified, 1 Wiegand. The first card bit is the MSB of
     * {@code data[0]}; {@code data} holds exactly ceil(bitCount / 8) bytes.
     */
    record Raw(int reader, int format, int bitCount, byte[] data) implements OsdpReply {
        public Raw {
            check(reader, 0xFF, "reader");
            check(format, 0xFF, "format");
            check(bitCount, 0xFFFF, "bitCount");
            data = sized(data, (bitCount + 7) / 8, "data for " + bitCount + " bits");
        }

        public int code() { return OsdpCodes.REPLY_RAW; }
        public byte[] encode() {
            return le(4 + data.length).put((byte) reader).put((byte) format).putShort((short) bitCount).put(data).array();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && r.reader == reader && r.format == format && r.bitCount == bitCount && Arrays.equals(r.data, data);
        }

        @Override public int hashCode() { return (reader * 31 + format) * 31 + bitCount + Arrays.hashCode(data); }
        @Override
        public String toString() {
            return "Raw[reader=%d, format=%d, bits=%d, data=%s]".formatted(reader, format, bitCount, hex(data));
        }
    }

    /** osdp_FMT (deprecated): formatted card characters; direction 0 forward, 1 reverse. */
    record Fmt(int reader, int direction, String text) implements OsdpReply {
        public Fmt {
            check(reader, 0xFF, "reader");
            check(direction, 0xFF, "direction");
            checkText(text);
        }

        public int code() { return OsdpCodes.REPLY_FMT; }

        public byte[] encode() {
            return le(3 + text.length()).put((byte) reader).put((byte) direction).put((byte) text.length())
                    .put(text.getBytes(StandardCharsets.ISO_8859_1)).array();
        }
    }

    /** osdp_KEYPAD: keys as typed; '*' travels as 0x7F and '#' as 0x0D (spec's mapping). */
    record Keypad(int reader, String keys) implements OsdpReply {
        public Keypad {
            check(reader, 0xFF, "reader");
            checkText(keys);
        }

        public int code() { return OsdpCodes.REPLY_KEYPAD; }

        public byte[] encode() {
            ByteBuffer b = le(2 + keys.length()).put((byte) reader).put((byte) keys.length());
            keys.chars().forEach(c -> b.put((byte) (c == '*' ? 0x7F : c == '#' ? 0x0D : c)));
            return b.array();
        }
    }

    /** osdp_COM: the address and baud rate the PD uses from now on. */
    record Com(int address, int baud) implements OsdpReply {
        public Com { check(address, 0xFF, "address"); }
        public int code() { return OsdpCodes.REPLY_COM; }
        public byte[] encode() { return le(5).put((byte) address).putInt(baud).array(); }
    }

    /** osdp_CCRYPT: cUID (8), RND.B (8), client cryptogram (16). */
    record CCrypt(byte[] cuid, byte[] rndB, byte[] clientCryptogram) implements OsdpReply {
        public CCrypt {
            cuid = sized(cuid, 8, "cuid");
            rndB = sized(rndB, 8, "rndB");
            clientCryptogram = sized(clientCryptogram, 16, "clientCryptogram");
        }

        public int code() { return OsdpCodes.REPLY_CCRYPT; }
        public byte[] encode() { return le(32).put(cuid).put(rndB).put(clientCryptogram).array(); }

        @Override
        public boolean equals(Object o) {
            return o instanceof CCrypt c && Arrays.equals(c.cuid, cuid) && Arrays.equals(c.rndB, rndB)
                    && Arrays.equals(c.clientCryptogram, clientCryptogram);
        }

        @Override public int hashCode() { return Arrays.hashCode(encode()); }
        @Override
        public String toString() {
            return "CCrypt[cuid=%s, rndB=%s, clientCryptogram=%s]".formatted(hex(cuid), hex(rndB), hex(clientCryptogram));
        }
    }

    /** osdp_RMAC_I: the initial R-MAC (16 bytes). The SCB (03 14 st) belongs to the frame. */
    record RMacI(byte[] rmacI) implements OsdpReply {
        public RMacI { rmacI = sized(rmacI, 16, "rmacI"); }
        public int code() { return OsdpCodes.REPLY_RMAC_I; }
        public byte[] encode() { return rmacI.clone(); }
        @Override public boolean equals(Object o) { return o instanceof RMacI r && Arrays.equals(r.rmacI, rmacI); }
        @Override public int hashCode() { return Arrays.hashCode(rmacI); }
        @Override public String toString() { return "RMacI[" + hex(rmacI) + "]"; }
    }

    /** osdp_MFGREP: vendor OUI (3 raw bytes in wire order) and vendor data. */
    record MfgRep(byte[] oui, byte[] data) implements OsdpReply {
        public MfgRep {
            oui = sized(oui, 3, "oui");
            data = sized(data, -1, "data");
        }

        public int code() { return OsdpCodes.REPLY_MFGREP; }
        public byte[] encode() { return le(3 + data.length).put(oui).put(data).array(); }
        @Override public boolean equals(Object o) { return o instanceof MfgRep m && Arrays.equals(m.oui, oui) && Arrays.equals(m.data, data); }
        @Override public int hashCode() { return Arrays.hashCode(oui) * 31 + Arrays.hashCode(data); }
        @Override public String toString() { return "MfgRep[oui=" + hex(oui) + ", data=" + hex(data) + "]"; }
    }

    /** A reply code this codec does not model; the data is kept as is. */
    record Unknown(int code, byte[] data) implements OsdpReply {
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
