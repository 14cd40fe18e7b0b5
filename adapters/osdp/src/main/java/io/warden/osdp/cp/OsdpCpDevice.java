package io.warden.osdp.cp;

import io.warden.adapter.api.DeviceHealth;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.sc.OsdpScHandshake;
import io.warden.osdp.sc.OsdpScSession;

/** The control panel's view of one PD. Touched only on the line's context. */
final class OsdpCpDevice {

    /** Where the PD is in its start-up (osdp.md §13). */
    enum Phase { ID, CAP, CHLNG, SCRYPT, KEYSET, ISTAT, OSTAT, LSTAT, ONLINE, OFFLINE }

    final OsdpCpDeviceConfig config;
    Phase phase = Phase.OFFLINE;
    boolean online;
    /** Told the owner anything yet? Offline is reported once, not on every failed probe. */
    boolean reportedOffline;
    int sqn;
    boolean crc = true;
    OsdpReply.PdId identity;
    OsdpReply.PdCap capabilities;
    OsdpScSession session;
    OsdpScHandshake.Cp handshake;
    /** Handshake with SCBK-D to provision the configured key (install mode). */
    boolean provisioning;
    /** Why the secure channel is not in use when it could be; shown in the online detail. */
    String plaintextReason;
    /** Why start-up cannot finish (e.g. secure channel required and refused); reported as offline. */
    String problem;
    DeviceHealth.Reason problemReason;
    /** Start-ups in a row that the PD answered but that failed: the next waits probeInterval x 2^(n-1). */
    int failedStartups;
    byte[] serverCryptogram;
    long lastValidReplyNanos;
    long nextDueNanos;
    /** A poll or start-up step that timed out: re-sent byte for byte at this PD's next turn. */
    OsdpCpRequest retry;

    OsdpCpDevice(OsdpCpDeviceConfig config) {
        this.config = config;
    }

    int address() {
        return config.address();
    }

    /** The SQN after a reply was accepted: 1, 2, 3, 1, ... never 0 again (osdp.md §4). */
    void advanceSqn() {
        sqn = sqn == 3 ? 1 : sqn + 1;
    }

    /** Forget the session and sequence; the next command starts from ID with SQN 0. */
    void restart(long nowNanos) {
        phase = Phase.ID;
        sqn = 0;
        session = null;
        handshake = null;
        provisioning = false;
        retry = null;
        nextDueNanos = nowNanos;
    }

    boolean secureChannelWanted() {
        return config.scbk() != null && config.secure() != OsdpCpDeviceConfig.SecurePolicy.OFF;
    }

    String name() {
        return "0x%02X".formatted(config.address());
    }
}
