package io.warden.osdp.cp;

import io.warden.adapter.api.DeviceHealth.Reason;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpFrame;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.cp.OsdpCpDevice.Phase;
import io.warden.osdp.cp.OsdpCpDeviceConfig.SecurePolicy;
import io.warden.osdp.sc.OsdpScHandshake;
import io.warden.osdp.sc.OsdpSecurityException;
import java.security.SecureRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PD's way to online (osdp.md §13): ID with SQN 0, CAP, the secure channel when configured (with
 * SCBK-D and KEYSET in install mode), then ISTAT, OSTAT and LSTAT so the door state is known before
 * the PD is called online; after that, POLL. Runs on the line's context, called by {@link OsdpCpBus}.
 */
public final class OsdpCpStartup {
    private static final Logger log = LoggerFactory.getLogger(OsdpCpStartup.class);
    private static final int KEY_TYPE_SCBK = 0x01;

    private final SecureRandom random;

    public OsdpCpStartup(SecureRandom random) {
        this.random = random;
    }

    /** The request for the PD's current phase: a start-up step, or a POLL once online. */
    OsdpCpRequest nextStep(OsdpCpDevice d) {
        return switch (d.phase) {
            case ID -> internal(d, new OsdpCommand.Id());
            case CAP -> internal(d, new OsdpCommand.Cap());
            case CHLNG -> challenge(d);
            case SCRYPT -> OsdpCpRequest.internal(d, new OsdpCommand.Scrypt(Bytes.of(d.serverCryptogram)), d.handshake.scryptScb());
            case KEYSET -> internal(d, new OsdpCommand.KeySet(KEY_TYPE_SCBK, d.config.scbk()));
            case ISTAT -> internal(d, new OsdpCommand.IStat());
            case OSTAT -> internal(d, new OsdpCommand.OStat());
            case LSTAT -> internal(d, new OsdpCommand.LStat());
            case ONLINE, OFFLINE -> internal(d, new OsdpCommand.Poll());
        };
    }

    /**
     * Advance the PD's phase after a valid reply to one of the line's own requests; a provisioned key
     * and a fallback to plaintext are told to {@code listener}.
     */
    void stepDone(OsdpCpDevice d, OsdpFrame frame, OsdpReply reply, OsdpCpListener listener) {
        switch (d.phase) {
            case ID -> {
                if (reply instanceof OsdpReply.PdId id) {
                    d.identity = id;
                    d.phase = Phase.CAP;
                } else {
                    fail(d, Reason.COMMUNICATION_ERROR, "PD answered ID with " + name(reply));
                }
            }
            case CAP -> {
                if (reply instanceof OsdpReply.PdCap cap) {
                    d.capabilities = cap;
                    afterCapabilities(d, cap, listener);
                } else {
                    fail(d, Reason.COMMUNICATION_ERROR, "PD answered CAP with " + name(reply));
                }
            }
            case CHLNG -> {
                if (reply instanceof OsdpReply.CCrypt cc) {
                    acceptCcrypt(d, cc, listener);
                } else {
                    secureChannelFailed(d, "PD answered CHLNG with " + name(reply), listener);
                }
            }
            case SCRYPT -> {
                if (reply instanceof OsdpReply.RMacI rmac && frame.scb() != null && frame.scb().length() >= 3) {
                    try {
                        d.session = d.handshake.acceptRmacI(frame.scb().u8(2), rmac.rmacI().toArray());
                        d.handshake = null;
                        d.phase = d.provisioning ? Phase.KEYSET : Phase.ISTAT;
                    } catch (OsdpSecurityException e) {
                        secureChannelFailed(d, e.getMessage(), listener);
                    }
                } else {
                    secureChannelFailed(d, "PD answered SCRYPT with " + name(reply), listener);
                }
            }
            case KEYSET -> {
                if (reply instanceof OsdpReply.Ack) {
                    // The PD now holds the key; both sides drop the SCBK-D session and start over.
                    log.info("event=scbk_provisioned pd={}", d.name());
                    listener.onKeyProvisioned(d.address(), "install mode wrote the configured SCBK to PD " + d.name());
                    d.session = null;
                    d.provisioning = false;
                    d.phase = Phase.CHLNG;
                } else {
                    secureChannelFailed(d, "PD refused KEYSET: " + name(reply), listener);
                }
            }
            // A PD without inputs or outputs NAKs the status read; the door then shows UNKNOWN there.
            case ISTAT -> d.phase = Phase.OSTAT;
            case OSTAT -> d.phase = Phase.LSTAT;
            case LSTAT -> d.phase = Phase.ONLINE;
            case ONLINE, OFFLINE -> { }
        }
    }

    private void afterCapabilities(OsdpCpDevice d, OsdpReply.PdCap cap, OsdpCpListener listener) {
        cap.find(OsdpCodes.CAP_CHECK_CHARACTER).ifPresent(c -> d.crc = c.compliance() != 0);
        d.plaintextReason = null;
        d.problem = null;
        d.problemReason = null;
        if (!d.secureChannelWanted()) {
            d.phase = Phase.ISTAT;
            return;
        }
        boolean aes = cap.find(OsdpCodes.CAP_SECURITY).map(c -> (c.compliance() & 0x01) != 0).orElse(false);
        if (aes) {
            d.phase = Phase.CHLNG;
        } else {
            unusable(d, Reason.CONFIGURATION_ERROR, "PD reports no AES-128 secure channel support", listener);
        }
    }

    private OsdpCpRequest challenge(OsdpCpDevice d) {
        byte[] rndA = new byte[8];
        random.nextBytes(rndA);
        d.session = null;
        d.handshake = OsdpScHandshake.start(d.config.scbk().toArray(), d.provisioning, rndA);
        return OsdpCpRequest.internal(d, new OsdpCommand.Chlng(Bytes.of(rndA)), d.handshake.scb());
    }

    private void acceptCcrypt(OsdpCpDevice d, OsdpReply.CCrypt cc, OsdpCpListener listener) {
        try {
            d.serverCryptogram = d.handshake.acceptCcrypt(cc.cuid().toArray(), cc.rndB().toArray(), cc.clientCryptogram().toArray());
            d.phase = Phase.SCRYPT;
        } catch (OsdpSecurityException e) {
            if (d.config.install() && !d.provisioning) {
                // Install mode: the PD does not know our key yet; open a session with SCBK-D, then KEYSET.
                log.info("event=install_mode pd={} reason=\"{}\"", d.name(), e.getMessage());
                d.provisioning = true;
                d.phase = Phase.CHLNG;
            } else {
                secureChannelFailed(d, e.getMessage(), listener);
            }
        }
    }

    private void secureChannelFailed(OsdpCpDevice d, String why, OsdpCpListener listener) {
        unusable(d, Reason.SECURE_CHANNEL_FAILED, why, listener);
    }

    /**
     * No secure channel: with {@code secure: required} the PD cannot be used (offline with
     * {@code reason}); with {@code preferred} it continues in plaintext and the owner is told.
     */
    private void unusable(OsdpCpDevice d, Reason reason, String why, OsdpCpListener listener) {
        d.session = null;
        d.handshake = null;
        d.provisioning = false;
        if (d.config.secure() == SecurePolicy.REQUIRED) {
            fail(d, reason, "secure channel required: " + why);
        } else {
            log.warn("event=secure_channel_failed pd={} policy=preferred reason=\"{}\" continuing=plaintext", d.name(), why);
            d.plaintextReason = "secure channel failed: " + why;
            d.phase = Phase.ISTAT;
            listener.onSecureChannelDowngraded(d.address(), d.plaintextReason);
        }
    }

    private static void fail(OsdpCpDevice d, Reason reason, String why) {
        d.problem = why;
        d.problemReason = reason;
        d.phase = Phase.OFFLINE;
    }

    private static OsdpCpRequest internal(OsdpCpDevice d, OsdpCommand c) {
        return OsdpCpRequest.internal(d, c, null);
    }

    private static String name(OsdpReply r) {
        return r instanceof OsdpReply.Nak n ? OsdpCpCommandPolicy.nakText(n) : r.getClass().getSimpleName();
    }
}
