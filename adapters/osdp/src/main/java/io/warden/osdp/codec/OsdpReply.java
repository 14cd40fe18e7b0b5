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
 * Byte fields are {@link Bytes}, immutable values.
 */
public sealed interface OsdpReply {

    /** The reply code byte, e.g. {@link OsdpCodes.Reply#ACK}'s. */
    int code();

    /** The data bytes after the code, as sent on the wire (plaintext). */
    Bytes encode();

    /**
     * Decodes the data after a reply code (0..255).
     *
     * @return the matching record, or {@link Unknown} for a code not listed here
     * @throws OsdpDecodeException with {@link OsdpCodes.NakReason#LENGTH} when the length does not fit the code
     */
    static OsdpReply decode(int code, Bytes data) throws OsdpDecodeException {
        byte[] d = data == null ? new byte[0] : data.toArray();
        Optional<OsdpCodes.Reply> known = OsdpCodes.Reply.of(code);
        if (known.isEmpty()) return new Unknown(code, Bytes.of(d));
        switch (known.get()) {
            case ACK: return length("ACK", d, 0, new Ack());
            case BUSY: return length("BUSY", d, 0, new Busy());
            case NAK:
                if (d.length < 1) throw lengthError("NAK", d, "at least 1");
                return new Nak(d[0] & 0xFF, Bytes.of(d, 1, d.length));
            case PDID:
                length("PDID", d, 12, d);
                return new PdId(Bytes.of(d, 0, 3), u8(d, 3), u8(d, 4), u16(d, 5) | (long) u16(d, 7) << 16, u8(d, 9),
                        u8(d, 10), u8(d, 11));
            case PDCAP: {
                if (d.length == 0 || d.length % 3 != 0) throw lengthError("PDCAP", d, "a non-zero multiple of 3");
                List<Capability> caps = new ArrayList<>();
                for (int i = 0; i < d.length; i += 3) caps.add(new Capability(u8(d, i), u8(d, i + 1), u8(d, i + 2)));
                return new PdCap(caps);
            }
            case LSTATR: return new LStatR(length("LSTATR", d, 2, d)[0] != 0, d[1] != 0);
            case ISTATR: return new IStatR(unsigned(d));
            case OSTATR: return new OStatR(unsigned(d));
            case RSTATR: return new RStatR(unsigned(d));
            case RAW: {
                if (d.length < 4) throw lengthError("RAW", d, "at least 4");
                int bits = u16(d, 2);
                if (d.length != 4 + (bits + 7) / 8) {
                    throw new OsdpDecodeException(OsdpCodes.NakReason.LENGTH, "RAW: bit count %d needs %d data bytes, got %d"
                            .formatted(bits, (bits + 7) / 8, d.length - 4));
                }
                return new Raw(u8(d, 0), u8(d, 1), bits, Bytes.of(d, 4, d.length));
            }
            case FMT:
                if (d.length < 3 || d.length != 3 + u8(d, 2)) {
                    throw lengthError("FMT", d, d.length < 3 ? "at least 3" : "3 + character count " + u8(d, 2));
                }
                return new Fmt(u8(d, 0), u8(d, 1), new String(d, 3, d.length - 3, StandardCharsets.ISO_8859_1));
            case KEYPAD: {
                if (d.length < 2 || d.length != 2 + u8(d, 1)) {
                    throw lengthError("KEYPAD", d, d.length < 2 ? "at least 2" : "2 + key count " + u8(d, 1));
                }
                StringBuilder keys = new StringBuilder();
                for (int i = 2; i < d.length; i++) keys.append(d[i] == 0x7F ? '*' : d[i] == 0x0D ? '#' : (char) (d[i] & 0xFF));
                return new Keypad(u8(d, 0), keys.toString());
            }
            case COM: return new Com(u8(length("COM", d, 5, d), 0), u16(d, 1) | u16(d, 3) << 16);
            case CCRYPT:
                length("CCRYPT", d, 32, d);
                return new CCrypt(Bytes.of(d, 0, 8), Bytes.of(d, 8, 16), Bytes.of(d, 16, 32));
            case RMAC_I: return new RMacI(length("RMAC_I", d, 16, Bytes.of(d)));
            case MFGREP:
                if (d.length < 3) throw lengthError("MFGREP", d, "at least 3");
                return new MfgRep(Bytes.of(d, 0, 3), Bytes.of(d, 3, d.length));
            default: throw new IllegalStateException("no decoder for " + known.get()); // every Reply has a case
        }
    }

    /** osdp_ACK: command done, nothing to report. */
    record Ack() implements OsdpReply {
        public int code() { return OsdpCodes.Reply.ACK.value(); }
        public Bytes encode() { return Bytes.EMPTY; }
    }

    /** osdp_BUSY: the PD cannot handle the command now; re-send it later. */
    record Busy() implements OsdpReply {
        public int code() { return OsdpCodes.Reply.BUSY.value(); }
        public Bytes encode() { return Bytes.EMPTY; }
    }

    /** osdp_NAK: an error byte ({@link OsdpCodes.NakReason}, or one the spec does not list) and any extension bytes. */
    record Nak(int error, Bytes extra) implements OsdpReply {
        public Nak {
            check(error, 0xFF, "error");
            sized(extra, -1, "extra");
        }

        /** A NAK for {@code reason} with no extension bytes. */
        public Nak(OsdpCodes.NakReason reason) {
            this(reason.value(), Bytes.EMPTY);
        }

        /** The listed reason, or empty for an error byte the spec does not list (then {@link #error} is all there is). */
        public Optional<OsdpCodes.NakReason> reason() {
            return OsdpCodes.NakReason.of(error);
        }

        public int code() { return OsdpCodes.Reply.NAK.value(); }
        public Bytes encode() { return Bytes.of(extra.putInto(le(1 + extra.length()).put((byte) error)).array()); }
    }

    /** osdp_PDID. {@code oui} is the 3 vendor bytes in wire order; {@code serial} is an unsigned LE32. */
    record PdId(Bytes oui, int model, int version, long serial, int firmwareMajor, int firmwareMinor, int firmwareBuild)
            implements OsdpReply {
        public PdId {
            sized(oui, 3, "oui");
            for (int v : new int[] {model, version, firmwareMajor, firmwareMinor, firmwareBuild}) check(v, 0xFF, "PDID field");
            if (serial < 0 || serial > 0xFFFF_FFFFL) throw new IllegalArgumentException("serial must fit 32 bits: " + serial);
        }

        public int code() { return OsdpCodes.Reply.PDID.value(); }

        public Bytes encode() {
            return Bytes.of(oui.putInto(le(12)).put((byte) model).put((byte) version).putInt((int) serial).put((byte) firmwareMajor)
                    .put((byte) firmwareMinor).put((byte) firmwareBuild).array());
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

        public int code() { return OsdpCodes.Reply.PDCAP.value(); }

        public Bytes encode() {
            ByteBuffer b = le(3 * capabilities.size());
            capabilities.forEach(c -> b.put((byte) c.function()).put((byte) c.compliance()).put((byte) c.items()));
            return Bytes.of(b.array());
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
        public int code() { return OsdpCodes.Reply.LSTATR.value(); }
        public Bytes encode() { return Bytes.of((byte) (tamper ? 1 : 0), (byte) (powerFailure ? 1 : 0)); }
    }

    /** osdp_ISTATR: the complete input state array, input 0 first (0 inactive, 1 active, more in newer revisions). */
    record IStatR(int[] inputs) implements OsdpReply {
        public IStatR { inputs = states(inputs); }
        public int code() { return OsdpCodes.Reply.ISTATR.value(); }
        public Bytes encode() { return bytes(inputs); }
        @Override public boolean equals(Object o) { return o instanceof IStatR s && Arrays.equals(s.inputs, inputs); }
        @Override public int hashCode() { return Arrays.hashCode(inputs); }
        @Override public String toString() { return "IStatR" + Arrays.toString(inputs); }
    }

    /** osdp_OSTATR: the complete output state array, output 0 first (0 inactive, 1 active). */
    record OStatR(int[] outputs) implements OsdpReply {
        public OStatR { outputs = states(outputs); }
        public int code() { return OsdpCodes.Reply.OSTATR.value(); }
        public Bytes encode() { return bytes(outputs); }
        @Override public boolean equals(Object o) { return o instanceof OStatR s && Arrays.equals(s.outputs, outputs); }
        @Override public int hashCode() { return Arrays.hashCode(outputs); }
        @Override public String toString() { return "OStatR" + Arrays.toString(outputs); }
    }

    /** osdp_RSTATR: one byte per attached reader (0 normal, 1 not connected, 2 tamper). */
    record RStatR(int[] readers) implements OsdpReply {
        public RStatR { readers = states(readers); }
        public int code() { return OsdpCodes.Reply.RSTATR.value(); }
        public Bytes encode() { return bytes(readers); }
        @Override public boolean equals(Object o) { return o instanceof RStatR s && Arrays.equals(s.readers, readers); }
        @Override public int hashCode() { return Arrays.hashCode(readers); }
        @Override public String toString() { return "RStatR" + Arrays.toString(readers); }
    }

    /**
     * osdp_RAW card data: format 0 unspecified, 1 Wiegand. The first card bit is the MSB of
     * {@code data[0]}; {@code data} holds exactly ceil(bitCount / 8) bytes.
     */
    record Raw(int reader, int format, int bitCount, Bytes data) implements OsdpReply {
        public Raw {
            check(reader, 0xFF, "reader");
            check(format, 0xFF, "format");
            check(bitCount, 0xFFFF, "bitCount");
            sized(data, (bitCount + 7) / 8, "data for " + bitCount + " bits");
        }

        public int code() { return OsdpCodes.Reply.RAW.value(); }
        public Bytes encode() {
            return Bytes.of(data.putInto(le(4 + data.length()).put((byte) reader).put((byte) format).putShort((short) bitCount)).array());
        }
    }

    /** osdp_FMT (deprecated): formatted card characters; direction 0 forward, 1 reverse. */
    record Fmt(int reader, int direction, String text) implements OsdpReply {
        public Fmt {
            check(reader, 0xFF, "reader");
            check(direction, 0xFF, "direction");
            checkText(text);
        }

        public int code() { return OsdpCodes.Reply.FMT.value(); }

        public Bytes encode() {
            return Bytes.of(le(3 + text.length()).put((byte) reader).put((byte) direction).put((byte) text.length())
                    .put(text.getBytes(StandardCharsets.ISO_8859_1)).array());
        }

        /** Never the card characters: they are a credential. */
        @Override
        public String toString() {
            return "Fmt[reader=" + reader + ", direction=" + direction + ", characters=" + text.length() + " redacted]";
        }
    }

    /** osdp_KEYPAD: keys as typed; '*' travels as 0x7F and '#' as 0x0D (spec's mapping). */
    record Keypad(int reader, String keys) implements OsdpReply {
        public Keypad {
            check(reader, 0xFF, "reader");
            checkText(keys);
        }

        public int code() { return OsdpCodes.Reply.KEYPAD.value(); }

        public Bytes encode() {
            ByteBuffer b = le(2 + keys.length()).put((byte) reader).put((byte) keys.length());
            keys.chars().forEach(c -> b.put((byte) (c == '*' ? 0x7F : c == '#' ? 0x0D : c)));
            return Bytes.of(b.array());
        }

        /** Never the keys: they are a PIN. */
        @Override
        public String toString() {
            return "Keypad[reader=" + reader + ", digits=" + keys.length() + " redacted]";
        }
    }

    /** osdp_COM: the address and baud rate the PD uses from now on. */
    record Com(int address, int baud) implements OsdpReply {
        public Com { check(address, 0xFF, "address"); }
        public int code() { return OsdpCodes.Reply.COM.value(); }
        public Bytes encode() { return Bytes.of(le(5).put((byte) address).putInt(baud).array()); }
    }

    /** osdp_CCRYPT: cUID (8), RND.B (8), client cryptogram (16). */
    record CCrypt(Bytes cuid, Bytes rndB, Bytes clientCryptogram) implements OsdpReply {
        public CCrypt {
            sized(cuid, 8, "cuid");
            sized(rndB, 8, "rndB");
            sized(clientCryptogram, 16, "clientCryptogram");
        }

        public int code() { return OsdpCodes.Reply.CCRYPT.value(); }
        public Bytes encode() { return Bytes.of(clientCryptogram.putInto(rndB.putInto(cuid.putInto(le(32)))).array()); }
    }

    /** osdp_RMAC_I: the initial R-MAC (16 bytes). The SCB (03 14 st) belongs to the frame. */
    record RMacI(Bytes rmacI) implements OsdpReply {
        public RMacI { sized(rmacI, 16, "rmacI"); }
        public int code() { return OsdpCodes.Reply.RMAC_I.value(); }
        public Bytes encode() { return rmacI; }
    }

    /** osdp_MFGREP: vendor OUI (3 raw bytes in wire order) and vendor data. */
    record MfgRep(Bytes oui, Bytes data) implements OsdpReply {
        public MfgRep {
            sized(oui, 3, "oui");
            sized(data, -1, "data");
        }

        public int code() { return OsdpCodes.Reply.MFGREP.value(); }
        public Bytes encode() { return Bytes.of(data.putInto(oui.putInto(le(3 + data.length()))).array()); }
    }

    /** A reply code this codec does not model; the data is kept as is. */
    record Unknown(int code, Bytes data) implements OsdpReply {
        public Unknown {
            check(code, 0xFF, "code");
            sized(data, -1, "data");
        }

        public Bytes encode() { return data; }
    }
}
