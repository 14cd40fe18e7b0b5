package io.warden.osdp.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Byte helpers shared by {@link OsdpCommand} and {@link OsdpReply}: little-endian fields, checks, hex. */
final class OsdpWire {
    private OsdpWire() {}

    static <T> T length(String name, byte[] d, int expected, T value) throws OsdpDecodeException {
        if (d.length != expected) throw lengthError(name, d, String.valueOf(expected));
        return value;
    }

    /** Checks a non-empty multiple of {@code size} and returns the length. */
    static int records(String name, byte[] d, int size) throws OsdpDecodeException {
        if (d.length == 0 || d.length % size != 0) throw lengthError(name, d, "a non-zero multiple of " + size);
        return d.length;
    }

    static OsdpDecodeException lengthError(String name, byte[] d, String expected) {
        return new OsdpDecodeException(OsdpCodes.NakReason.LENGTH, name + ": data length " + d.length + ", expected " + expected);
    }

    static int u8(byte[] d, int i) { return d[i] & 0xFF; }
    static int u16(byte[] d, int i) { return u8(d, i) | u8(d, i + 1) << 8; }
    static int u32(byte[] d, int i) { return u16(d, i) | u16(d, i + 2) << 16; }
    static ByteBuffer le(int n) { return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN); }

    static void check(int v, int max, String what) {
        if (v < 0 || v > max) throw new IllegalArgumentException(what + " must be 0.." + max + ": " + v);
    }

    /** Checks {@code b} is present and, for a non-negative {@code size}, exactly that long. */
    static Bytes sized(Bytes b, int size, String what) {
        if (b == null || (size >= 0 && b.length() != size)) {
            throw new IllegalArgumentException(what + " must be " + (size >= 0 ? size + " bytes" : "non-null"));
        }
        return b;
    }

    static <T> List<T> nonEmpty(List<T> l, String what) {
        if (l == null || l.isEmpty()) throw new IllegalArgumentException(what + " must not be empty");
        return List.copyOf(l);
    }

    static void checkText(String s) {
        if (s == null || s.length() > 0xFF || !s.chars().allMatch(c -> c <= 0xFF)) {
            throw new IllegalArgumentException("text must be at most 255 single-byte characters: " + s);
        }
    }

    static int[] states(int[] s) {
        if (s == null) throw new IllegalArgumentException("state array must be non-null");
        for (int v : s) check(v, 0xFF, "state");
        return s.clone();
    }

    static int[] unsigned(byte[] d) {
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) out[i] = d[i] & 0xFF;
        return out;
    }

    static Bytes bytes(int[] s) {
        byte[] out = new byte[s.length];
        for (int i = 0; i < s.length; i++) out[i] = (byte) s[i];
        return Bytes.of(out);
    }
}
