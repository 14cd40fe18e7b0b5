package io.warden.osdp.codec;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable run of bytes: a copy is taken in and handed out, so a record holding one is a real
 * value (content equality, no aliasing).
 *
 * <p>{@link #toString()} shows the length only, never the content: these bytes are card data, PIN
 * keys, cryptograms and keys, and records print through their components. Ask for {@link #toHex()}
 * where the content is wanted on purpose. {@link #equals} compares in constant time for equal
 * lengths, so keys may be compared with it.
 */
public final class Bytes implements Comparable<Bytes> {

    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final byte[] b;

    private Bytes(byte[] owned) {
        this.b = owned;
    }

    /** A copy of {@code bytes}. */
    public static Bytes of(byte... bytes) {
        if (bytes == null) throw new IllegalArgumentException("bytes must be non-null");
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** A copy of {@code bytes[from..to)}. */
    public static Bytes of(byte[] bytes, int from, int to) {
        return new Bytes(Arrays.copyOfRange(bytes, from, to));
    }

    /** Parses upper- or lower-case hex with no separators. */
    public static Bytes fromHex(String hex) {
        return new Bytes(HEX.parseHex(hex));
    }

    public int length() {
        return b.length;
    }

    public boolean isEmpty() {
        return b.length == 0;
    }

    /** The byte at {@code i}, 0..255. */
    public int u8(int i) {
        return b[i] & 0xFF;
    }

    /** A fresh copy of the content. */
    public byte[] toArray() {
        return b.clone();
    }

    /** Writes the content at the buffer's position. */
    public ByteBuffer putInto(ByteBuffer into) {
        return into.put(b);
    }

    /** Copies the content into {@code dst} at {@code offset}; returns the offset after it. */
    public int copyTo(byte[] dst, int offset) {
        System.arraycopy(b, 0, dst, offset, b.length);
        return offset + b.length;
    }

    /** The content as upper-case hex: only where showing it is the point (tests, vectors, tools). */
    public String toHex() {
        return HEX.formatHex(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && MessageDigest.isEqual(other.b, b);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(b);
    }

    /** Unsigned lexicographic order, shorter first on a common prefix. */
    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(b, o.b);
    }

    /** The length only: the content may be a credential or key. */
    @Override
    public String toString() {
        return "Bytes[" + b.length + (b.length == 1 ? " byte]" : " bytes]");
    }
}
