package io.warden.sim.osdp;

import io.warden.osdp.codec.Bytes;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Everything that makes one simulated PD what it is: address, identity, points and secure-channel
 * settings. Immutable; start from {@link #defaults(int)} and change fields with the {@code with*}
 * methods. Validated in the constructor; errors name the field.
 *
 * <p>The defaults copy the libosdp {@code pd_sim} used for the captures in {@code osdp-vectors.md}:
 * OUI {@code C3 B2 A1}, model 0x99, version 1, firmware 1.2.3, 4 inputs, 4 outputs, 1 reader. The
 * serial number is {@code 0x01020300 + address}, so PDs on one line differ.
 *
 * @param address          PD address 0x00-0x7E
 * @param oui              vendor code, 3 bytes in wire order
 * @param model            model byte
 * @param version          version byte
 * @param serial           serial number, unsigned 32 bits (sent LE)
 * @param fwMajor          firmware major version
 * @param fwMinor          firmware minor version
 * @param fwBuild          firmware build
 * @param inputs           number of inputs (contacts, REX), 0-255
 * @param outputs          number of outputs (strike relays), 0-255
 * @param readers          number of card readers, 0-255; each has one LED, one buzzer, one 1x16 display
 * @param secureChannel    whether the PD supports the AES-128 secure channel at all (else CHLNG gets NAK 05)
 * @param scbk             the 16-byte SCBK, or null when the PD has none (libosdp then uses an all-zero key); prints as its length only
 * @param installMode      whether the PD accepts sessions made with SCBK-D until a KEYSET succeeds
 * @param secureRequired   whether plaintext commands other than ID, CAP, CHLNG and SCRYPT get NAK 06
 * @param scTimeout        a session ends after this long without a valid secure message (libosdp: 8 s)
 * @param receiveBuffer    largest frame accepted and advertised in PDCAP function 10, 128-1440 bytes
 */
public record OsdpPdConfig(int address, Bytes oui, int model, int version, long serial, int fwMajor, int fwMinor,
                           int fwBuild, int inputs, int outputs, int readers, boolean secureChannel, Bytes scbk,
                           boolean installMode, boolean secureRequired, Duration scTimeout, int receiveBuffer) {

    public OsdpPdConfig {
        if (address < 0 || address > 0x7E) throw new IllegalArgumentException("pd.address must be 0..126: " + address);
        if (oui == null || oui.length() != 3) throw new IllegalArgumentException("pd.oui must be 3 bytes");
        byteField("pd.model", model);
        byteField("pd.version", version);
        byteField("pd.fwMajor", fwMajor);
        byteField("pd.fwMinor", fwMinor);
        byteField("pd.fwBuild", fwBuild);
        byteField("pd.inputs", inputs);
        byteField("pd.outputs", outputs);
        byteField("pd.readers", readers);
        if (serial < 0 || serial > 0xFFFF_FFFFL) throw new IllegalArgumentException("pd.serial must fit 32 bits: " + serial);
        if (scbk != null && scbk.length() != 16) throw new IllegalArgumentException("pd.scbk must be 16 bytes");
        Objects.requireNonNull(scTimeout, "pd.scTimeout");
        if (scTimeout.isNegative() || scTimeout.isZero()) throw new IllegalArgumentException("pd.scTimeout must be positive");
        if (receiveBuffer < 128 || receiveBuffer > 1440) {
            throw new IllegalArgumentException("pd.receiveBuffer must be 128..1440: " + receiveBuffer);
        }
    }

    /** A plaintext-capable PD with libosdp-like identity and points, SC supported but no key. */
    public static OsdpPdConfig defaults(int address) {
        return new OsdpPdConfig(address, Bytes.of((byte) 0xC3, (byte) 0xB2, (byte) 0xA1), 0x99, 1, 0x01020300L + address,
                1, 2, 3, 4, 4, 1, true, null, false, false, Duration.ofSeconds(8), 256);
    }

    /** Parses a 32-hex-digit key, e.g. from the command line. */
    public static byte[] parseKey(String hex) {
        byte[] k = HexFormat.of().parseHex(hex.strip());
        if (k.length != 16) throw new IllegalArgumentException("key must be 32 hex digits, got " + hex.strip().length());
        return k;
    }

    public OsdpPdConfig withAddress(int a) {
        return new OsdpPdConfig(a, oui, model, version, serial, fwMajor, fwMinor, fwBuild, inputs, outputs, readers,
                secureChannel, scbk, installMode, secureRequired, scTimeout, receiveBuffer);
    }

    public OsdpPdConfig withScbk(byte[] key) {
        return new OsdpPdConfig(address, oui, model, version, serial, fwMajor, fwMinor, fwBuild, inputs, outputs, readers,
                secureChannel, key == null ? null : Bytes.of(key), installMode, secureRequired, scTimeout, receiveBuffer);
    }

    public OsdpPdConfig withInstallMode(boolean install) {
        return new OsdpPdConfig(address, oui, model, version, serial, fwMajor, fwMinor, fwBuild, inputs, outputs, readers,
                secureChannel, scbk, install, secureRequired, scTimeout, receiveBuffer);
    }

    public OsdpPdConfig withSecureRequired(boolean required) {
        return new OsdpPdConfig(address, oui, model, version, serial, fwMajor, fwMinor, fwBuild, inputs, outputs, readers,
                secureChannel, scbk, installMode, required, scTimeout, receiveBuffer);
    }

    public OsdpPdConfig withSecureChannel(boolean supported) {
        return new OsdpPdConfig(address, oui, model, version, serial, fwMajor, fwMinor, fwBuild, inputs, outputs, readers,
                supported, scbk, installMode, secureRequired, scTimeout, receiveBuffer);
    }

    public OsdpPdConfig withScTimeout(Duration timeout) {
        return new OsdpPdConfig(address, oui, model, version, serial, fwMajor, fwMinor, fwBuild, inputs, outputs, readers,
                secureChannel, scbk, installMode, secureRequired, timeout, receiveBuffer);
    }

    public OsdpPdConfig withPoints(int in, int out, int rdr) {
        return new OsdpPdConfig(address, oui, model, version, serial, fwMajor, fwMinor, fwBuild, in, out, rdr,
                secureChannel, scbk, installMode, secureRequired, scTimeout, receiveBuffer);
    }

    public OsdpPdConfig withIdentity(byte[] vendor, int mdl, int ver, long sn, int major, int minor, int build) {
        return new OsdpPdConfig(address, Bytes.of(vendor), mdl, ver, sn, major, minor, build, inputs, outputs, readers,
                secureChannel, scbk, installMode, secureRequired, scTimeout, receiveBuffer);
    }

    /**
     * The 8-byte client UID sent in CCRYPT, built like libosdp: OUI bytes 0-1, model, version >> 8
     * (0 for a one-byte version), serial LE. With the defaults of address 4: {@code C3 B2 99 00 04 03 02 01}.
     */
    public byte[] cuid() {
        return new byte[] {(byte) oui.u8(0), (byte) oui.u8(1), (byte) model, (byte) (version >> 8), (byte) serial, (byte) (serial >> 8),
                (byte) (serial >> 16), (byte) (serial >> 24)};
    }

    private static void byteField(String name, int v) {
        if (v < 0 || v > 0xFF) throw new IllegalArgumentException(name + " must be 0..255: " + v);
    }
}
