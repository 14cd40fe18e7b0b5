package io.warden.osdp.cp;

import java.util.Arrays;

/**
 * One PD on a line as the control panel knows it.
 *
 * @param address PD address 0x00-0x7E
 * @param secure  secure-channel policy
 * @param scbk    the PD's 16-byte secure channel base key, or null
 * @param install allow provisioning: when the SCBK is refused, open a session with SCBK-D and
 *                send KEYSET with {@code scbk}. Only for first-time installation.
 */
public record OsdpCpDeviceConfig(int address, SecurePolicy secure, byte[] scbk, boolean install) {

    /** {@code required} never talks plaintext beyond ID, CAP and the handshake. */
    public enum SecurePolicy { REQUIRED, PREFERRED, OFF }

    public OsdpCpDeviceConfig {
        if (address < 0 || address > 0x7E) throw new IllegalArgumentException("PD address must be 0x00-0x7E: " + address);
        if (scbk != null && scbk.length != 16) throw new IllegalArgumentException("SCBK must be 16 bytes");
        if (secure == SecurePolicy.REQUIRED && scbk == null) throw new IllegalArgumentException("secure: required needs an SCBK");
        if (install && scbk == null) throw new IllegalArgumentException("install mode needs the SCBK to provision");
        scbk = scbk == null ? null : scbk.clone();
    }

    public static OsdpCpDeviceConfig plain(int address) {
        return new OsdpCpDeviceConfig(address, SecurePolicy.OFF, null, false);
    }

    @Override
    public byte[] scbk() {
        return scbk == null ? null : scbk.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OsdpCpDeviceConfig c && c.address == address && c.secure == secure && c.install == install
                && Arrays.equals(c.scbk, scbk);
    }

    @Override
    public int hashCode() {
        return address * 31 + secure.hashCode();
    }

    @Override
    public String toString() { // never the key
        return "OsdpCpDeviceConfig[address=" + address + ", secure=" + secure + ", scbk=" + (scbk == null ? "none" : "set")
                + ", install=" + install + "]";
    }
}
