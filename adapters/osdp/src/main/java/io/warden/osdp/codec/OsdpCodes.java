package io.warden.osdp.codec;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Every OSDP constant in one place: framing bytes, SCB types, PDCAP functions, and the command,
 * reply and NAK codes as enums ({@link Command}, {@link Reply}, {@link NakReason}) that carry their
 * wire byte. A byte no enum lists looks up as {@link Optional#empty()}: the codec keeps such a
 * message as {@code Unknown} with its raw code, and a NAK keeps its raw error byte.
 */
public final class OsdpCodes {
    private OsdpCodes() {}

    // Framing
    public static final int MARK = 0xFF;
    public static final int SOM = 0x53;
    public static final int BROADCAST = 0x7F;
    public static final int REPLY_BIT = 0x80;
    public static final int CTRL_SQN_MASK = 0x03;
    public static final int CTRL_CRC = 0x04;
    public static final int CTRL_SCB = 0x08;
    /** SOM, ADDR, LEN_L, LEN_H, CTRL. */
    public static final int HEADER_SIZE = 5;
    /** POLL with a checksum: header, code, checksum. */
    public static final int MIN_FRAME = 7;
    public static final int MAC_SIZE = 4;

    // Security control block types
    public static final int SCS_11 = 0x11;
    public static final int SCS_12 = 0x12;
    public static final int SCS_13 = 0x13;
    public static final int SCS_14 = 0x14;
    public static final int SCS_15 = 0x15;
    public static final int SCS_16 = 0x16;
    public static final int SCS_17 = 0x17;
    public static final int SCS_18 = 0x18;

    // PDCAP function codes
    public static final int CAP_CONTACT_STATUS = 1;
    public static final int CAP_OUTPUT_CONTROL = 2;
    public static final int CAP_CARD_FORMAT = 3;
    public static final int CAP_LED = 4;
    public static final int CAP_AUDIBLE = 5;
    public static final int CAP_TEXT = 6;
    public static final int CAP_TIME = 7;
    public static final int CAP_CHECK_CHARACTER = 8;
    public static final int CAP_SECURITY = 9;
    public static final int CAP_RECEIVE_BUFFER = 10;
    public static final int CAP_LARGEST_MESSAGE = 11;
    public static final int CAP_SMART_CARD = 12;
    public static final int CAP_READERS = 13;
    public static final int CAP_BIOMETRICS = 14;
    public static final int CAP_SECURE_PIN = 15;
    public static final int CAP_OSDP_VERSION = 16;

    /** True for SCB types 0x15-0x18, the ones followed by a 4-byte MAC. */
    public static boolean scbHasMac(int scbType) {
        return scbType >= SCS_15 && scbType <= SCS_18;
    }

    /** True for SCB types 0x17 and 0x18, whose data is encrypted. */
    public static boolean scbEncrypted(int scbType) {
        return scbType == SCS_17 || scbType == SCS_18;
    }

    /** SCBK-D, the well-known install-mode key: ASCII '0'..'?' (spec §A.3; public, install mode only). */
    public static byte[] scbkDefault() {
        byte[] k = new byte[16];
        for (int i = 0; i < 16; i++) k[i] = (byte) (0x30 + i);
        return k;
    }

    /** Command codes, CP to PD. */
    public enum Command {
        POLL(0x60), ID(0x61), CAP(0x62), LSTAT(0x64), ISTAT(0x65), OSTAT(0x66), RSTAT(0x67), OUT(0x68), LED(0x69),
        BUZ(0x6A), TEXT(0x6B), COMSET(0x6E), KEYSET(0x75), CHLNG(0x76), SCRYPT(0x77), ACURXSIZE(0x7B), MFG(0x80);

        private static final Command[] BY_BYTE = index(values(), Command::value);
        private final int value;

        Command(int value) {
            this.value = value;
        }

        /** The code byte on the wire. */
        public int value() {
            return value;
        }

        /** True when {@code code} is this command's byte. */
        public boolean is(int code) {
            return code == value;
        }

        /** The command with code byte {@code code}, or empty for a code this codec does not model. */
        public static Optional<Command> of(int code) {
            return lookup(BY_BYTE, code);
        }
    }

    /** Reply codes, PD to CP. */
    public enum Reply {
        ACK(0x40), NAK(0x41), PDID(0x45), PDCAP(0x46), LSTATR(0x48), ISTATR(0x49), OSTATR(0x4A), RSTATR(0x4B), RAW(0x50),
        FMT(0x51), KEYPAD(0x53), COM(0x54), CCRYPT(0x76), RMAC_I(0x78), BUSY(0x79), MFGREP(0x90);

        private static final Reply[] BY_BYTE = index(values(), Reply::value);
        private final int value;

        Reply(int value) {
            this.value = value;
        }

        /** The code byte on the wire. */
        public int value() {
            return value;
        }

        /** True when {@code code} is this reply's byte. */
        public boolean is(int code) {
            return code == value;
        }

        /** The reply with code byte {@code code}, or empty for a code this codec does not model. */
        public static Optional<Reply> of(int code) {
            return lookup(BY_BYTE, code);
        }
    }

    /** The error byte of osdp_NAK, with what it means for people. */
    public enum NakReason {
        NONE(0x00, "no error"),
        CHECK(0x01, "check character error"),
        LENGTH(0x02, "command length error"),
        UNKNOWN_COMMAND(0x03, "unknown command or capability not present"),
        SEQUENCE(0x04, "sequence number error"),
        SC_UNSUPPORTED(0x05, "security block not supported or refused"),
        SC_REQUIRED(0x06, "encrypted communication required"),
        BIO_TYPE(0x07, "biometric type not supported"),
        BIO_FORMAT(0x08, "biometric format not supported"),
        RECORD(0x09, "unable to process command record");

        private static final NakReason[] BY_BYTE = index(values(), NakReason::value);
        private final int value;
        private final String meaning;

        NakReason(int value, String meaning) {
            this.value = value;
            this.meaning = meaning;
        }

        /** The error byte on the wire. */
        public int value() {
            return value;
        }

        public String meaning() {
            return meaning;
        }

        /** True when {@code error} is this reason's byte. */
        public boolean is(int error) {
            return error == value;
        }

        /** The reason for error byte {@code error}, or empty for one the spec does not list. */
        public static Optional<NakReason> of(int error) {
            return lookup(BY_BYTE, error);
        }

        /** What error byte {@code error} means, for people; a byte no reason lists says so with its value. */
        public static String describe(int error) {
            return of(error).map(NakReason::meaning).orElse("unlisted error 0x%02X".formatted(error));
        }
    }

    private static <E> E[] index(E[] values, ToIntFunction<E> value) {
        E[] byByte = Arrays.copyOf(values, 256);
        Arrays.fill(byByte, null);
        for (E e : values) byByte[value.applyAsInt(e)] = e;
        return byByte;
    }

    private static <E> Optional<E> lookup(E[] byByte, int code) {
        return code < 0 || code > 0xFF ? Optional.empty() : Optional.ofNullable(byByte[code]);
    }
}
