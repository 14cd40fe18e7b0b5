package io.warden.osdp.cp;

import io.warden.osdp.codec.Bytes;

/**
 * One PD on a line as the control panel knows it.
 *
 * @param address PD address 0x00-0x7E
 * @param secure  secure-channel policy
 * @param scbk    the PD's 16-byte secure channel base key, or null (prints as its length only)
 * @param install allow provisioning: when the SCBK is refused, open a session with SCBK-D and
 *                send KEYSET with {@code scbk}. Only for first-time installation.
 */
public record OsdpCpDeviceConfig(int address, SecurePolicy secure, Bytes scbk, boolean install) {

    /** {@code required} never talks plaintext beyond ID, CAP and the handshake. */
    public enum SecurePolicy { REQUIRED, PREFERRED, OFF }

    public OsdpCpDeviceConfig {
        if (address < 0 || address > 0x7E) throw new IllegalArgumentException("PD address must be 0x00-0x7E: " + address);
        if (scbk != null && scbk.length() != 16) throw new IllegalArgumentException("SCBK must be 16 bytes");
        if (secure == SecurePolicy.REQUIRED && scbk == null) throw new IllegalArgumentException("secure: required needs an SCBK");
        if (install && scbk == null) throw new IllegalArgumentException("install mode needs the SCBK to provision");
    }

    public static OsdpCpDeviceConfig plain(int address) {
        return new OsdpCpDeviceConfig(address, SecurePolicy.OFF, null, false);
    }
}
