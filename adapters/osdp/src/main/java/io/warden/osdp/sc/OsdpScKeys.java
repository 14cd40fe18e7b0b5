package io.warden.osdp.sc;

import io.warden.osdp.codec.Bytes;

/**
 * The three AES-128 session keys of one secure-channel session (osdp.md §10). {@link Bytes} keeps
 * them immutable, compares them in constant time and prints only their length.
 *
 * @param sEnc  S-ENC, encrypts SCS_17/18 data and makes both cryptograms
 * @param sMac1 S-MAC1, the MAC key for every block but the last
 * @param sMac2 S-MAC2, the MAC key for the last block
 */
public record OsdpScKeys(Bytes sEnc, Bytes sMac1, Bytes sMac2) {

    public OsdpScKeys {
        checked(sEnc, "S-ENC");
        checked(sMac1, "S-MAC1");
        checked(sMac2, "S-MAC2");
    }

    private static void checked(Bytes key, String name) {
        if (key == null || key.length() != 16) throw new IllegalArgumentException(name + " must be 16 bytes");
    }
}
