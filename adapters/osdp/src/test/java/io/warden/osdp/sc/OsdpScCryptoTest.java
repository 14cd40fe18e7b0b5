package io.warden.osdp.sc;

import static io.warden.osdp.sc.OsdpScTestFrames.bytes;
import static io.warden.osdp.sc.OsdpScTestFrames.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.sc.OsdpSecurityException.Reason;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class OsdpScCryptoTest {
    private static final byte[] SCBK = hex("00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F");

    @Test
    void siaAnnexEVector() {
        byte[] rndA = hex("B0 B1 B2 B3 B4 B5 B6 B7");
        byte[] rndB = hex("A0 A1 A2 A3 A4 A5 A6 A7");
        OsdpScKeys keys = OsdpScCrypto.deriveKeys(OsdpCodes.scbkDefault(), rndA);

        assertThat(keys.sEnc()).isEqualTo(bytes("BF 8D C2 A8 32 9A CB 8C 67 C6 D0 CD 9A 45 16 82"));
        assertThat(keys.sMac1()).isEqualTo(bytes("5E 86 C6 76 60 3B DE E2 D8 BE AF E1 78 63 73 32"));
        assertThat(keys.sMac2()).isEqualTo(bytes("6F DA 86 E8 57 77 7E 81 13 20 35 75 82 39 17 2E"));
        assertThat(OsdpScCrypto.clientCryptogram(keys, rndA, rndB))
                .isEqualTo(hex("FD E5 D2 F4 28 EC 16 31 24 71 EA 3C 02 BD 77 96"));
        byte[] server = OsdpScCrypto.serverCryptogram(keys, rndA, rndB);
        assertThat(server).isEqualTo(hex("26 D3 35 6E 07 76 2D 26 28 01 FC 8E 66 65 A8 91"));
        assertThat(OsdpScCrypto.rmacI(keys, server)).isEqualTo(hex("B2 A3 00 57 EB 98 BA 22 29 EC 1F 87 56 62 B5 24"));
    }

    @Test
    void section4SessionKeys() {
        OsdpScKeys keys = OsdpScCrypto.deriveKeys(SCBK, hex("DF A3 07 1C AC 8C CA E3"));

        assertThat(keys.sEnc()).isEqualTo(bytes("45 58 97 95 9C 6C 28 8C EB 3A AE AD 49 3B 07 2F"));
        assertThat(keys.sMac1()).isEqualTo(bytes("FA 81 FB E4 F0 86 11 76 E1 0F 6A C6 A3 7F 51 C4"));
        assertThat(keys.sMac2()).isEqualTo(bytes("16 2B 9D 38 98 8E FE 14 90 6F F8 D8 C4 EA CC A6"));
    }

    @Test
    void macOverThreeBlocksMatchesKeysetVector() {
        // §6: 40-byte input, so two S-MAC1 blocks and a padded S-MAC2 block.
        OsdpScKeys keys = OsdpScCrypto.deriveKeys(OsdpCodes.scbkDefault(), hex("16 1C 10 B0 6D 66 BC 4C"));
        byte[] input = hex("53 01 2E 00 0F 02 17 75 40 5C DD 16 8B DD 44 EF 68 47 A0 8A DD 55 B2 42 15 06 EC A9 1C FE"
                + " 63 DC 93 1C 02 F6 29 80 0A 31");
        byte[] iv = hex("8D 1C 21 3B 7A 8E 26 A2 B8 82 8F 9D 2C 01 54 BB");

        assertThat(OsdpScCrypto.mac(keys, iv, input)).isEqualTo(hex("CE AD AE E7 0E B6 66 F8 37 1A 4A 14 81 97 3C 11"));
    }

    @Test
    void macAddsNoPaddingToAWholeBlock() throws Exception {
        OsdpScKeys keys = OsdpScCrypto.deriveKeys(SCBK, hex("01 02 03 04 05 06 07 08"));
        byte[] block = hex("53 01 10 00 0D 02 15 60 00 11 22 33 44 55 66 77");
        byte[] iv = new byte[16];

        assertThat(OsdpScCrypto.mac(keys, iv, block)).isEqualTo(aes(Cipher.ENCRYPT_MODE, "ECB", keys.sMac2().toArray(), null, block));
    }

    @Test
    void encryptAlwaysPadsAndDecryptReverses() throws Exception {
        OsdpScKeys keys = OsdpScCrypto.deriveKeys(SCBK, hex("DF A3 07 1C AC 8C CA E3"));
        byte[] iv = OsdpScCrypto.not(hex("67 FC 8C FC E1 25 3D AF C7 BC F1 06 CF 03 26 09"));

        byte[] cipher = OsdpScCrypto.encrypt(keys, iv, hex("00 05 1E 00"));
        assertThat(cipher).isEqualTo(hex("A6 23 D4 04 90 1A A4 A1 52 8E 25 6E EB 36 AD D9"));
        assertThat(OsdpScCrypto.decrypt(keys, iv, cipher)).isEqualTo(hex("00 05 1E 00"));
        assertThat(OsdpScCrypto.encrypt(keys, iv, new byte[16])).hasSize(32);
        assertThat(OsdpScCrypto.decrypt(keys, iv, OsdpScCrypto.encrypt(keys, iv, new byte[16]))).isEqualTo(new byte[16]);
        assertThat(OsdpScCrypto.decrypt(keys, iv, OsdpScCrypto.encrypt(keys, iv, new byte[0]))).isEmpty();
    }

    @Test
    void decryptRejectsBadLengthsAsChecked() {
        OsdpScKeys keys = OsdpScCrypto.deriveKeys(SCBK, hex("DF A3 07 1C AC 8C CA E3"));
        byte[] iv = new byte[16];

        for (int n : new int[] {0, 1, 15, 17, 31}) {
            assertThatThrownBy(() -> OsdpScCrypto.decrypt(keys, iv, new byte[n]))
                    .isInstanceOfSatisfying(OsdpSecurityException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_LENGTH));
        }
    }

    @Test
    void decryptRejectsBadPadding() throws Exception {
        OsdpScKeys keys = OsdpScCrypto.deriveKeys(SCBK, hex("DF A3 07 1C AC 8C CA E3"));
        byte[] iv = new byte[16];
        byte[][] badPlain = {
            new byte[16], // all zeros: no 0x80 at all
            hex("01 02 03 80 00 00 00 00 00 00 00 00 00 00 00 01"), // 0x80 not last before the zeros
            hex("01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10"),
        };
        for (byte[] plain : badPlain) {
            byte[] cipher = aes(Cipher.ENCRYPT_MODE, "CBC", keys.sEnc().toArray(), iv, plain);
            assertThatThrownBy(() -> OsdpScCrypto.decrypt(keys, iv, cipher))
                    .isInstanceOfSatisfying(OsdpSecurityException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_PADDING));
        }
    }

    @Test
    void notFlipsEveryBit() {
        assertThat(OsdpScCrypto.not(hex("00 FF 0F A5"))).isEqualTo(hex("FF 00 F0 5A"));
    }

    @Test
    void keysNeverPrintKeyBytesAndCompareByValue() {
        OsdpScKeys a = OsdpScCrypto.deriveKeys(SCBK, hex("DF A3 07 1C AC 8C CA E3"));
        OsdpScKeys b = OsdpScCrypto.deriveKeys(SCBK, hex("DF A3 07 1C AC 8C CA E3"));

        assertThat(a.toString()).doesNotContain("45").doesNotContain("FA").contains("Bytes[16 bytes]");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(OsdpScCrypto.deriveKeys(SCBK, hex("01 02 03 04 05 06 07 08")));
        a.sEnc().toArray()[0] ^= 1; // accessors hand out copies
        assertThat(a).isEqualTo(b);
    }

    private static byte[] aes(int mode, String chaining, byte[] key, byte[] iv, byte[] data) throws Exception {
        Cipher c = Cipher.getInstance("AES/" + chaining + "/NoPadding");
        if (iv == null) c.init(mode, new SecretKeySpec(key, "AES"));
        else c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c.doFinal(data);
    }
}
