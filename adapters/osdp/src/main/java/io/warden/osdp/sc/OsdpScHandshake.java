package io.warden.osdp.sc;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.sc.OsdpSecurityException.Reason;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The secure-channel handshake (osdp.md §10) for both roles, as small state objects. Random
 * numbers are arguments: the caller draws them from a {@code SecureRandom}, tests pass vector
 * values. Nothing here does I/O or keeps time; the caller builds and sends the frames.
 *
 * <pre>
 *   CP                                             PD
 *   start(scbk, useDefault, rndA)
 *     CHLNG  SCB 03 11 ks, RND.A  ------------->   challenge(scbk, install, ks, rndA, rndB, cUID)
 *   acceptCcrypt(cUID, RND.B, client crypt) <---   CCRYPT SCB 03 12 ks, cUID|RND.B|client crypt
 *     SCRYPT SCB 03 13 ks, server crypt  ------>   verifyScrypt(server crypt) -> PD session
 *   acceptRmacI(st, R-MAC-I) -> CP session  <---   RMAC_I SCB 03 14 01, R-MAC-I
 * </pre>
 *
 * <p>Key selector {@code ks}: 0x01 = the PD's SCBK, 0x00 = SCBK-D (install mode).
 */
public final class OsdpScHandshake {
    /** Key selector for the configured SCBK. */
    public static final int KS_SCBK = 0x01;
    /** Key selector for SCBK-D, the install-mode key. */
    public static final int KS_DEFAULT = 0x00;
    /** RMAC_I status meaning "server cryptogram accepted". */
    public static final int RMAC_I_OK = 0x01;

    private OsdpScHandshake() {}

    /**
     * CP: begins a handshake. On a cryptogram mismatch with the SCBK, an install-mode fallback is
     * a new {@code start(null, true, sameRndA)} sent with SQN 0 (osdp.md §4).
     *
     * @param scbk          the PD's SCBK (16 bytes); ignored, may be null, when {@code useDefaultKey}
     * @param useDefaultKey true to use SCBK-D and key selector 0x00
     * @param rndA          8 random bytes from a SecureRandom
     */
    public static Cp start(byte[] scbk, boolean useDefaultKey, byte[] rndA) {
        byte[] key = useDefaultKey ? OsdpCodes.scbkDefault() : scbk;
        return new Cp(useDefaultKey ? KS_DEFAULT : KS_SCBK, rndA.clone(), OsdpScCrypto.deriveKeys(key, rndA));
    }

    /**
     * PD: answers an osdp_CHLNG. SCBK-D is used when {@code keySelector} is 0 and the PD is in
     * install mode; otherwise the SCBK, or all zeros when the PD has none. The zero key mimics
     * libosdp's key-less PD, so a CP asking with ks 0x01 sees a cryptogram mismatch and can fall
     * back to SCBK-D (osdp.md §12, vectors §6). The reply echoes {@code keySelector}.
     *
     * @param scbk        the PD's SCBK, or null when it has none
     * @param keySelector SCB data byte of the CHLNG
     * @param rndA        RND.A from the CHLNG (8 bytes)
     * @param rndB        8 random bytes from a SecureRandom
     * @param cuid        the PD's 8-byte client UID
     * @throws OsdpSecurityException {@link Reason#BAD_LENGTH} when the CHLNG's RND.A is not 8 bytes
     */
    public static Pd challenge(byte[] scbk, boolean installMode, int keySelector, byte[] rndA, byte[] rndB, byte[] cuid)
            throws OsdpSecurityException {
        requireWireSize(rndA, OsdpScCrypto.RANDOM, "RND.A");
        byte[] key = keySelector == KS_DEFAULT && installMode ? OsdpCodes.scbkDefault()
                : scbk != null ? scbk : new byte[OsdpScCrypto.BLOCK];
        return new Pd(keySelector & 0xFF, rndA.clone(), rndB.clone(), cuid.clone(), OsdpScCrypto.deriveKeys(key, rndA));
    }

    /** The CP side of one handshake attempt. Not thread-safe. */
    public static final class Cp {
        private final int keySelector;
        private final byte[] rndA;
        private final OsdpScKeys keys;
        private byte[] serverCryptogram;

        private Cp(int keySelector, byte[] rndA, OsdpScKeys keys) {
            this.keySelector = keySelector;
            this.rndA = rndA;
            this.keys = keys;
        }

        /** 0x01 (SCBK) or 0x00 (SCBK-D). */
        public int keySelector() {
            return keySelector;
        }

        /** The CHLNG security block: {@code 03 11 ks}. */
        public Bytes scb() {
            return Bytes.of((byte) 3, (byte) OsdpCodes.SCS_11, (byte) keySelector);
        }

        /** The CHLNG payload: RND.A. */
        public Bytes payload() {
            return Bytes.of(rndA);
        }

        /**
         * Checks the PD's client cryptogram.
         *
         * @return the server cryptogram, the SCRYPT payload (send it with {@link #scryptScb()})
         * @throws OsdpSecurityException {@link Reason#CRYPTOGRAM_MISMATCH} when the PD used another
         *         key, {@link Reason#BAD_LENGTH} for wrongly sized fields
         */
        public byte[] acceptCcrypt(byte[] cuid, byte[] rndB, byte[] clientCryptogram) throws OsdpSecurityException {
            requireWireSize(cuid, OsdpScCrypto.RANDOM, "cUID");
            requireWireSize(rndB, OsdpScCrypto.RANDOM, "RND.B");
            requireWireSize(clientCryptogram, OsdpScCrypto.BLOCK, "client cryptogram");
            if (!MessageDigest.isEqual(OsdpScCrypto.clientCryptogram(keys, rndA, rndB), clientCryptogram)) {
                throw new OsdpSecurityException(Reason.CRYPTOGRAM_MISMATCH, "client cryptogram mismatch: wrong SCBK?");
            }
            serverCryptogram = OsdpScCrypto.serverCryptogram(keys, rndA, rndB);
            return serverCryptogram.clone();
        }

        /**
         * {@link #acceptCcrypt(byte[], byte[], byte[])} on a received osdp_CCRYPT frame: SCB type
         * 0x12 and 32 data bytes (cUID, RND.B, client cryptogram). The echoed key selector is not
         * checked; the cryptogram is the real proof.
         */
        public byte[] acceptCcrypt(OsdpFrame ccrypt) throws OsdpSecurityException {
            requireHandshakeFrame(ccrypt, OsdpCodes.SCS_12, OsdpCodes.Reply.CCRYPT.value(), 32);
            byte[] d = ccrypt.data().toArray();
            return acceptCcrypt(Arrays.copyOfRange(d, 0, 8), Arrays.copyOfRange(d, 8, 16), Arrays.copyOfRange(d, 16, 32));
        }

        /** The SCRYPT security block: {@code 03 13 ks}. */
        public Bytes scryptScb() {
            return Bytes.of((byte) 3, (byte) OsdpCodes.SCS_13, (byte) keySelector);
        }

        /**
         * Checks the PD's RMAC_I and opens the session.
         *
         * @param status the RMAC_I SCB data byte; 0x01 = accepted
         * @throws OsdpSecurityException {@link Reason#RMAC_I_REJECTED} on another status or a wrong R-MAC-I
         * @throws IllegalStateException before a successful {@link #acceptCcrypt}
         */
        public OsdpScSession acceptRmacI(int status, byte[] rmacI) throws OsdpSecurityException {
            if (serverCryptogram == null) throw new IllegalStateException("RMAC_I before an accepted CCRYPT");
            if (status != RMAC_I_OK) {
                throw new OsdpSecurityException(Reason.RMAC_I_REJECTED,
                        "PD rejected the server cryptogram, status 0x%02X".formatted(status));
            }
            requireWireSize(rmacI, OsdpScCrypto.BLOCK, "R-MAC-I");
            if (!MessageDigest.isEqual(OsdpScCrypto.rmacI(keys, serverCryptogram), rmacI)) {
                throw new OsdpSecurityException(Reason.RMAC_I_REJECTED, "R-MAC-I mismatch");
            }
            return OsdpScSession.established(OsdpScSession.Role.CP, keys, rmacI);
        }

        /** {@link #acceptRmacI(int, byte[])} on a received osdp_RMAC_I frame (SCB {@code 03 14 st}). */
        public OsdpScSession acceptRmacI(OsdpFrame rmacI) throws OsdpSecurityException {
            requireHandshakeFrame(rmacI, OsdpCodes.SCS_14, OsdpCodes.Reply.RMAC_I.value(), OsdpScCrypto.BLOCK);
            return acceptRmacI(rmacI.scb().u8(2), rmacI.data().toArray());
        }
    }

    /** The PD side of one handshake. Not thread-safe. */
    public static final class Pd {
        private final int keySelector;
        private final byte[] rndA;
        private final byte[] rndB;
        private final byte[] cuid;
        private final OsdpScKeys keys;
        private byte[] rmacI;

        private Pd(int keySelector, byte[] rndA, byte[] rndB, byte[] cuid, OsdpScKeys keys) {
            if (rndB.length != OsdpScCrypto.RANDOM || cuid.length != OsdpScCrypto.RANDOM) {
                throw new IllegalArgumentException("RND.B and cUID must be 8 bytes");
            }
            this.keySelector = keySelector;
            this.rndA = rndA;
            this.rndB = rndB;
            this.cuid = cuid;
            this.keys = keys;
        }

        /** The CCRYPT security block: {@code 03 12 ks}. */
        public Bytes scb() {
            return Bytes.of((byte) 3, (byte) OsdpCodes.SCS_12, (byte) keySelector);
        }

        /** The CCRYPT payload: cUID (8) || RND.B (8) || client cryptogram (16). */
        public Bytes payload() {
            byte[] out = new byte[32];
            System.arraycopy(cuid, 0, out, 0, 8);
            System.arraycopy(rndB, 0, out, 8, 8);
            System.arraycopy(OsdpScCrypto.clientCryptogram(keys, rndA, rndB), 0, out, 16, 16);
            return Bytes.of(out);
        }

        /**
         * Checks the CP's server cryptogram and opens the PD session. Send {@link #rmacI()} with
         * {@link #rmacIScb()} next.
         *
         * @throws OsdpSecurityException {@link Reason#CRYPTOGRAM_MISMATCH} or {@link Reason#BAD_LENGTH};
         *         libosdp answers NAK 0x05 then
         */
        public OsdpScSession verifyScrypt(byte[] serverCryptogram) throws OsdpSecurityException {
            requireWireSize(serverCryptogram, OsdpScCrypto.BLOCK, "server cryptogram");
            if (!MessageDigest.isEqual(OsdpScCrypto.serverCryptogram(keys, rndA, rndB), serverCryptogram)) {
                throw new OsdpSecurityException(Reason.CRYPTOGRAM_MISMATCH, "server cryptogram mismatch");
            }
            rmacI = OsdpScCrypto.rmacI(keys, serverCryptogram);
            return OsdpScSession.established(OsdpScSession.Role.PD, keys, rmacI);
        }

        /** {@link #verifyScrypt(byte[])} on a received osdp_SCRYPT frame (SCB type 0x13, 16 data bytes). */
        public OsdpScSession verifyScrypt(OsdpFrame scrypt) throws OsdpSecurityException {
            requireHandshakeFrame(scrypt, OsdpCodes.SCS_13, OsdpCodes.Command.SCRYPT.value(), OsdpScCrypto.BLOCK);
            return verifyScrypt(scrypt.data().toArray());
        }

        /** The RMAC_I security block for success: {@code 03 14 01}. */
        public Bytes rmacIScb() {
            return Bytes.of((byte) 3, (byte) OsdpCodes.SCS_14, (byte) RMAC_I_OK);
        }

        /**
         * The RMAC_I payload.
         *
         * @throws IllegalStateException before a successful {@link #verifyScrypt}
         */
        public byte[] rmacI() {
            if (rmacI == null) throw new IllegalStateException("R-MAC-I before a verified SCRYPT");
            return rmacI.clone();
        }
    }

    private static void requireHandshakeFrame(OsdpFrame f, int scbType, int code, int dataLength)
            throws OsdpSecurityException {
        if (f.scbType() != scbType || f.scb().length() != 3 || f.code() != code) {
            throw new OsdpSecurityException(Reason.UNEXPECTED_SCB,
                    "expected code 0x%02X with SCB type 0x%02X, got code 0x%02X SCB type %d".formatted(code, scbType,
                            f.code(), f.scbType()));
        }
        if (f.data().length() != dataLength) {
            throw new OsdpSecurityException(Reason.BAD_LENGTH,
                    "code 0x%02X carries %d bytes, expected %d".formatted(code, f.data().length(), dataLength));
        }
    }

    private static void requireWireSize(byte[] b, int size, String name) throws OsdpSecurityException {
        if (b == null || b.length != size) {
            throw new OsdpSecurityException(Reason.BAD_LENGTH, name + " must be " + size + " bytes");
        }
    }
}
