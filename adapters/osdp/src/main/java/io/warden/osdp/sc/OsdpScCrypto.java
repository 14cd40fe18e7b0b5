package io.warden.osdp.sc;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.sc.OsdpSecurityException.Reason;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The OSDP secure-channel primitives on plain byte arrays (osdp.md §10-11): key derivation, the
 * two cryptograms, R-MAC-I, the CBC-MAC variant and the data cipher. Stateless and thread-safe.
 *
 * <p>Sizes are fixed by the protocol: keys, IVs, cryptograms and MACs 16 bytes, random numbers
 * 8 bytes. A wrong size from our own code is an {@link IllegalArgumentException}; only
 * {@link #decrypt} sees untrusted sizes and reports them as {@link OsdpSecurityException}.
 */
public final class OsdpScCrypto {
    /** AES block, key, IV, cryptogram and full-MAC size. */
    public static final int BLOCK = 16;
    /** RND.A, RND.B and cUID size. */
    public static final int RANDOM = 8;

    private OsdpScCrypto() {}

    /**
     * Derives S-ENC, S-MAC1 and S-MAC2 from the base key and the CP's random number. Only the
     * first 6 bytes of RND.A take part (osdp.md §10 step 2).
     *
     * @param scbk the SCBK, or SCBK-D in install mode (16 bytes)
     * @param rndA RND.A from osdp_CHLNG (8 bytes)
     */
    public static OsdpScKeys deriveKeys(byte[] scbk, byte[] rndA) {
        requireSize(scbk, BLOCK, "SCBK");
        requireSize(rndA, RANDOM, "RND.A");
        return new OsdpScKeys(Bytes.of(ecb(scbk, diversifier(0x01, 0x82, rndA))), Bytes.of(ecb(scbk, diversifier(0x01, 0x01, rndA))),
                Bytes.of(ecb(scbk, diversifier(0x01, 0x02, rndA))));
    }

    /** The PD's proof of the key, sent in osdp_CCRYPT: AES(S-ENC, RND.A || RND.B). */
    public static byte[] clientCryptogram(OsdpScKeys keys, byte[] rndA, byte[] rndB) {
        return ecb(keys.sEnc().toArray(), concat(requireSize(rndA, RANDOM, "RND.A"), requireSize(rndB, RANDOM, "RND.B")));
    }

    /** The CP's proof of the key, sent in osdp_SCRYPT: AES(S-ENC, RND.B || RND.A), note the order. */
    public static byte[] serverCryptogram(OsdpScKeys keys, byte[] rndA, byte[] rndB) {
        return ecb(keys.sEnc().toArray(), concat(requireSize(rndB, RANDOM, "RND.B"), requireSize(rndA, RANDOM, "RND.A")));
    }

    /** The initial reply MAC, sent in osdp_RMAC_I: AES(S-MAC2, AES(S-MAC1, server cryptogram)). */
    public static byte[] rmacI(OsdpScKeys keys, byte[] serverCryptogram) {
        return ecb(keys.sMac2().toArray(), ecb(keys.sMac1().toArray(), requireSize(serverCryptogram, BLOCK, "server cryptogram")));
    }

    /**
     * The OSDP MAC of {@code message}: CBC from {@code iv16} with S-MAC1 over every block but the
     * last, S-MAC2 for the last. Padded with 0x80 00.. only when the length is not already a
     * multiple of 16 (unlike {@link #encrypt}).
     *
     * @return all 16 bytes; the wire carries the first 4, the chain keeps all of them
     */
    public static byte[] mac(OsdpScKeys keys, byte[] iv16, byte[] message) {
        requireSize(iv16, BLOCK, "IV");
        byte[] m = message.length % BLOCK == 0 && message.length > 0 ? message : pad(message);
        try {
            Cipher mac1 = ecbCipher(keys.sMac1().toArray());
            Cipher mac2 = ecbCipher(keys.sMac2().toArray());
            byte[] x = iv16.clone();
            for (int off = 0; off < m.length; off += BLOCK) {
                for (int i = 0; i < BLOCK; i++) x[i] ^= m[off + i];
                x = (off + BLOCK < m.length ? mac1 : mac2).doFinal(x);
            }
            return x;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    /** AES-CBC with S-ENC after always padding with 0x80 00.. (4 bytes become 16, 16 become 32). */
    public static byte[] encrypt(OsdpScKeys keys, byte[] iv16, byte[] plain) {
        requireSize(iv16, BLOCK, "IV");
        return cbc(Cipher.ENCRYPT_MODE, keys.sEnc().toArray(), iv16, pad(plain));
    }

    /**
     * Reverses {@link #encrypt}: AES-CBC decryption, then strips trailing 0x00 bytes and exactly
     * one 0x80 (osdp.md §11).
     *
     * @throws OsdpSecurityException {@link Reason#BAD_LENGTH} when the ciphertext is empty or not a
     *         multiple of 16, {@link Reason#BAD_PADDING} when no 0x80 ends the data
     */
    public static byte[] decrypt(OsdpScKeys keys, byte[] iv16, byte[] cipher) throws OsdpSecurityException {
        requireSize(iv16, BLOCK, "IV");
        if (cipher == null || cipher.length == 0 || cipher.length % BLOCK != 0) {
            throw new OsdpSecurityException(Reason.BAD_LENGTH,
                    "encrypted data length " + (cipher == null ? 0 : cipher.length) + " is not a positive multiple of 16");
        }
        byte[] padded = cbc(Cipher.DECRYPT_MODE, keys.sEnc().toArray(), iv16, cipher);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) end--;
        if (end < 0 || (padded[end] & 0xFF) != 0x80) {
            throw new OsdpSecurityException(Reason.BAD_PADDING, "decrypted data does not end in 0x80 padding");
        }
        return Arrays.copyOf(padded, end);
    }

    /** Bitwise NOT of every byte: the encryption IV is the NOT of the chain MAC (osdp.md §11). */
    public static byte[] not(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) ~b[i];
        return out;
    }

    private static byte[] diversifier(int b0, int b1, byte[] rndA) {
        byte[] block = new byte[BLOCK];
        block[0] = (byte) b0;
        block[1] = (byte) b1;
        System.arraycopy(rndA, 0, block, 2, 6);
        return block;
    }

    private static byte[] pad(byte[] data) {
        byte[] out = Arrays.copyOf(data, (data.length / BLOCK + 1) * BLOCK);
        out[data.length] = (byte) 0x80;
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] ecb(byte[] key, byte[] block) {
        try {
            return ecbCipher(key).doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    private static Cipher ecbCipher(byte[] key) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
        return c;
    }

    private static byte[] cbc(int mode, byte[] key, byte[] iv, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES unavailable", e);
        }
    }

    private static byte[] requireSize(byte[] b, int size, String name) {
        if (b == null || b.length != size) throw new IllegalArgumentException(name + " must be " + size + " bytes");
        return b;
    }
}
