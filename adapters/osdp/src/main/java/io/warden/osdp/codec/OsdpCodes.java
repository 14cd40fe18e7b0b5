package io.warden.osdp.codec;

/** Every OSDP constant in one place: framing bytes, command and reply codes, SCB types, NAK codes. */
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

    // Commands (CP -> PD)
    public static final int CMD_POLL = 0x60;
    public static final int CMD_ID = 0x61;
    public static final int CMD_CAP = 0x62;
    public static final int CMD_LSTAT = 0x64;
    public static final int CMD_ISTAT = 0x65;
    public static final int CMD_OSTAT = 0x66;
    public static final int CMD_RSTAT = 0x67;
    public static final int CMD_OUT = 0x68;
    public static final int CMD_LED = 0x69;
    public static final int CMD_BUZ = 0x6A;
    public static final int CMD_TEXT = 0x6B;
    public static final int CMD_COMSET = 0x6E;
    public static final int CMD_KEYSET = 0x75;
    public static final int CMD_CHLNG = 0x76;
    public static final int CMD_SCRYPT = 0x77;
    public static final int CMD_ACURXSIZE = 0x7B;
    public static final int CMD_MFG = 0x80;

    // Replies (PD -> CP)
    public static final int REPLY_ACK = 0x40;
    public static final int REPLY_NAK = 0x41;
    public static final int REPLY_PDID = 0x45;
    public static final int REPLY_PDCAP = 0x46;
    public static final int REPLY_LSTATR = 0x48;
    public static final int REPLY_ISTATR = 0x49;
    public static final int REPLY_OSTATR = 0x4A;
    public static final int REPLY_RSTATR = 0x4B;
    public static final int REPLY_RAW = 0x50;
    public static final int REPLY_FMT = 0x51;
    public static final int REPLY_KEYPAD = 0x53;
    public static final int REPLY_COM = 0x54;
    public static final int REPLY_CCRYPT = 0x76;
    public static final int REPLY_RMAC_I = 0x78;
    public static final int REPLY_BUSY = 0x79;
    public static final int REPLY_MFGREP = 0x90;

    // Security control block types
    public static final int SCS_11 = 0x11;
    public static final int SCS_12 = 0x12;
    public static final int SCS_13 = 0x13;
    public static final int SCS_14 = 0x14;
    public static final int SCS_15 = 0x15;
    public static final int SCS_16 = 0x16;
    public static final int SCS_17 = 0x17;
    public static final int SCS_18 = 0x18;

    // NAK error codes
    public static final int NAK_NONE = 0x00;
    public static final int NAK_CHECK = 0x01;
    public static final int NAK_LENGTH = 0x02;
    public static final int NAK_UNKNOWN_COMMAND = 0x03;
    public static final int NAK_SEQUENCE = 0x04;
    public static final int NAK_SC_UNSUPPORTED = 0x05;
    public static final int NAK_SC_REQUIRED = 0x06;
    public static final int NAK_BIO_TYPE = 0x07;
    public static final int NAK_BIO_FORMAT = 0x08;
    public static final int NAK_RECORD = 0x09;

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

    /** SCBK-D, the well-known install-mode key: ASCII '0'..'?'. */
    public static byte[] scbkDefault() {
        byte[] k = new byte[16];
        for (int i = 0; i < 16; i++) k[i] = (byte) (0x30 + i);
        return k;
    }

    /** What a NAK error code means, for people. */
    public static String nakMeaning(int error) {
        return switch (error) {
            case NAK_NONE -> "no error";
            case NAK_CHECK -> "check character error";
            case NAK_LENGTH -> "command length error";
            case NAK_UNKNOWN_COMMAND -> "unknown command or capability not present";
            case NAK_SEQUENCE -> "sequence number error";
            case NAK_SC_UNSUPPORTED -> "security block not supported or refused";
            case NAK_SC_REQUIRED -> "encrypted communication required";
            case NAK_BIO_TYPE -> "biometric type not supported";
            case NAK_BIO_FORMAT -> "biometric format not supported";
            case NAK_RECORD -> "unable to process command record";
            default -> "error";
        };
    }

    /** True for SCB types 0x15-0x18, the ones followed by a 4-byte MAC. */
    public static boolean scbHasMac(int scbType) {
        return scbType >= SCS_15 && scbType <= SCS_18;
    }

    /** True for SCB types 0x17 and 0x18, whose data is encrypted. */
    public static boolean scbEncrypted(int scbType) {
        return scbType == SCS_17 || scbType == SCS_18;
    }
}
