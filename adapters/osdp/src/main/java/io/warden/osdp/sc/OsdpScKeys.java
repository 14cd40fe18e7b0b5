package io.warden.osdp.sc;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The three AES-128 session keys of one secure-channel session (osdp.md §10). Arrays are copied
 * in and out, so a caller cannot change a live session's keys.
 *
 * <p>{@link #toString()} never shows key bytes; {@link #equals} compares in constant time.
 *
 * @param sEnc  S-ENC, encrypts SCS_17/18 data and makes both cryptograms
 * @param sMac1 S-MAC1, the MAC key for every block but the last
 * @param sMac2 S-MAC2, the MAC key for the last block
 */
public record OsdpScKeys(byte[] sEnc, byte[] sMac1, byte[] sMac2) {

    public OsdpScKeys {
        sEnc = checked(sEnc, "S-ENC");
        sMac1 = checked(sMac1, "S-MAC1");
        sMac2 = checked(sMac2, "S-MAC2");
    }

    /** A copy of S-ENC. */
    @Override
    public byte[] sEnc() {
        return sEnc.clone();
    }

    /** A copy of S-MAC1. */
    @Override
    public byte[] sMac1() {
        return sMac1.clone();
    }

    /** A copy of S-MAC2. */
    @Override
    public byte[] sMac2() {
        return sMac2.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OsdpScKeys k && MessageDigest.isEqual(k.sEnc, sEnc) && MessageDigest.isEqual(k.sMac1, sMac1)
                && MessageDigest.isEqual(k.sMac2, sMac2);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(sEnc) * 31 + Arrays.hashCode(sMac1)) * 31 + Arrays.hashCode(sMac2);
    }

    @Override
    public String toString() {
        return "OsdpScKeys[redacted]";
    }

    private static byte[] checked(byte[] key, String name) {
        if (key == null || key.length != 16) throw new IllegalArgumentException(name + " must be 16 bytes");
        return key.clone();
    }
}
