package io.warden.osdp.codec;

/**
 * The two OSDP check characters.
 *
 * <p>CRC-16 is the AUG-CCITT variant: polynomial 0x1021, initial value 0x1D0F, MSB first, no
 * reflection, no final XOR (check value 0xE5CC for "123456789"). It goes on the wire low byte
 * first. The checksum is the two's complement of the byte sum, so covered bytes plus checksum
 * add up to 0 mod 256.
 */
public final class OsdpCrc {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private OsdpCrc() {}

    /** CRC-16/AUG-CCITT of {@code len} bytes from {@code off}. */
    public static int crc16(byte[] b, int off, int len) {
        int crc = 0x1D0F;
        for (int i = off; i < off + len; i++) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    /** The 8-bit checksum of {@code len} bytes from {@code off}. */
    public static int checksum(byte[] b, int off, int len) {
        int sum = 0;
        for (int i = off; i < off + len; i++) {
            sum += b[i] & 0xFF;
        }
        return -sum & 0xFF;
    }
}
