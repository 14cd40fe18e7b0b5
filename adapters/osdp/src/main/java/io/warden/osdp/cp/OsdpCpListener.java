package io.warden.osdp.cp;

import io.warden.adapter.api.DeviceHealth;
import io.warden.osdp.codec.OsdpReply;

/** What a line tells its owner. Every call is on the line's Vert.x context, in the order things happened. */
public interface OsdpCpListener {

    /**
     * A status or event reply from a PD to the line's own requests: a POLL (events the PD queued, in
     * the order they happened) or a start-up status read. ISTATR, OSTATR, LSTATR, RSTATR, RAW, FMT,
     * KEYPAD, MFGREP. Status arrays are complete snapshots, not deltas. Replies to operator commands
     * sent with {@link OsdpCpBus#send} go to their caller only.
     */
    void onReport(int address, OsdpReply reply);

    /** The PD finished its start-up (ID, CAP, secure channel, status reads) and answers. */
    void onOnline(int address, String detail);

    /**
     * The PD stopped answering, the link dropped, or the PD could not be started as configured.
     *
     * @param reason LINK_DOWN, COMMUNICATION_ERROR, SECURE_CHANNEL_FAILED or CONFIGURATION_ERROR
     */
    void onOffline(int address, DeviceHealth.Reason reason, String detail);

    /** Install mode wrote the configured SCBK to the PD (the key itself is never passed on). */
    default void onKeyProvisioned(int address, String detail) { }

    /** {@code secure: preferred} fell back to plaintext; {@code why} says what failed. */
    default void onSecureChannelDowngraded(int address, String why) { }
}
