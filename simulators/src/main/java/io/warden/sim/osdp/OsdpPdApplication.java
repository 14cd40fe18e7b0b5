package io.warden.sim.osdp;

import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpCommand.BuzzerControl;
import io.warden.osdp.codec.OsdpCommand.LedControl;
import io.warden.osdp.codec.OsdpCommand.OutputControl;
import io.warden.osdp.codec.OsdpReply;
import io.warden.osdp.codec.OsdpReply.Capability;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PD's application layer: answers a decoded, already authenticated command the way libosdp's
 * PD does, and holds the event queue that POLL drains. Security commands (CHLNG, SCRYPT, KEYSET)
 * belong to {@link OsdpPdLink}. Line context only, except {@link #pending()}.
 *
 * <p>Points that do not exist (an output, reader or LED beyond PDCAP) get NAK 03, like libosdp;
 * records that exist but cannot be carried out (unknown OUT control code, LED or buzzer times that
 * are both zero, a COMSET to an invalid address or rate) get NAK 09.
 */
final class OsdpPdApplication {
    private static final Logger log = LoggerFactory.getLogger(OsdpPdApplication.class);
    private static final Set<Integer> BAUD_RATES = Set.of(9600, 19200, 38400, 57600, 115200, 230400);

    private final OsdpSimulatedPd pd;
    private final int maxEvents;
    private final Deque<OsdpReply> events = new ArrayDeque<>();
    private final AtomicInteger pending = new AtomicInteger();

    OsdpPdApplication(OsdpSimulatedPd pd, int maxEvents) {
        this.pd = pd;
        this.maxEvents = maxEvents;
    }

    int pending() {
        return pending.get();
    }

    /** Holds {@code event} for the next POLL, dropping the oldest when full. */
    void queue(OsdpReply event) {
        if (events.size() >= maxEvents) {
            OsdpReply dropped = events.poll();
            log.warn("event=pd_event_dropped address={} reply=0x{} reason=queue_full", pd.address(),
                    Integer.toHexString(dropped.code()));
        }
        events.add(event);
        pending.set(events.size());
    }

    /** Called when an OUT or a timer ending changed what an output shows: an OSTATR if the PD reports such changes. */
    void outputsChanged() {
        if (pd.reportsOutputChanges()) queue(new OsdpReply.OStatR(pd.outputs().states()));
    }

    /** The reply to {@code c}. Never null; refusals are NAK replies. */
    OsdpReply answer(OsdpCommand c) {
        OsdpPdConfig cfg = pd.config();
        if (c instanceof OsdpCommand.Poll) {
            OsdpReply event = events.poll();
            pending.set(events.size());
            return event != null ? event : new OsdpReply.Ack();
        } else if (c instanceof OsdpCommand.Id) {
            return new OsdpReply.PdId(cfg.oui(), cfg.model(), cfg.version(), cfg.serial(), cfg.fwMajor(), cfg.fwMinor(),
                    cfg.fwBuild());
        } else if (c instanceof OsdpCommand.Cap) {
            return new OsdpReply.PdCap(capabilities(cfg));
        } else if (c instanceof OsdpCommand.LStat) {
            return new OsdpReply.LStatR(pd.tamper(), pd.powerFailure());
        } else if (c instanceof OsdpCommand.IStat) {
            return cfg.inputs() == 0 ? nak(OsdpCodes.NakReason.UNKNOWN_COMMAND.value()) : new OsdpReply.IStatR(pd.inputStates());
        } else if (c instanceof OsdpCommand.OStat) {
            return cfg.outputs() == 0 ? nak(OsdpCodes.NakReason.UNKNOWN_COMMAND.value()) : new OsdpReply.OStatR(pd.outputs().states());
        } else if (c instanceof OsdpCommand.RStat) {
            return cfg.readers() == 0 ? nak(OsdpCodes.NakReason.UNKNOWN_COMMAND.value()) : new OsdpReply.RStatR(new int[cfg.readers()]);
        } else if (c instanceof OsdpCommand.Out out) {
            return out(out.outputs());
        } else if (c instanceof OsdpCommand.Led led) {
            return led(led.leds(), cfg);
        } else if (c instanceof OsdpCommand.Buz buz) {
            return buz(buz.buzzers(), cfg);
        } else if (c instanceof OsdpCommand.Text text) {
            return text.reader() >= cfg.readers() ? nak(OsdpCodes.NakReason.UNKNOWN_COMMAND.value()) : new OsdpReply.Ack();
        } else if (c instanceof OsdpCommand.ComSet com) {
            if (com.address() > 0x7E || !BAUD_RATES.contains(com.baud())) return nak(OsdpCodes.NakReason.RECORD.value());
            return new OsdpReply.Com(com.address(), com.baud());
        } else if (c instanceof OsdpCommand.AcuRxSize || c instanceof OsdpCommand.Mfg) {
            return new OsdpReply.Ack();
        }
        return nak(OsdpCodes.NakReason.UNKNOWN_COMMAND.value());
    }

    private OsdpReply out(List<OutputControl> records) {
        OsdpPdOutputs outputs = pd.outputs();
        for (OutputControl r : records) {
            if (r.output() >= outputs.count()) return nak(OsdpCodes.NakReason.UNKNOWN_COMMAND.value());
            if (!outputs.accepts(r)) return nak(OsdpCodes.NakReason.RECORD.value());
        }
        if (pd.faults().takeIgnoredOut()) {
            log.warn("event=pd_out_ignored address={} reason=fault", pd.address());
            return new OsdpReply.Ack(); // the fault: ACKed, outputs untouched
        }
        boolean changed = false;
        for (OutputControl r : records) changed |= outputs.apply(r);
        if (changed) outputsChanged();
        return new OsdpReply.Ack();
    }

    private OsdpReply led(List<LedControl> records, OsdpPdConfig cfg) {
        for (LedControl r : records) {
            if (r.reader() >= cfg.readers() || r.led() >= 1) return nak(OsdpCodes.NakReason.UNKNOWN_COMMAND.value());
            boolean badTemp = r.tempControl() == LedControl.TEMP_SET && r.tempOnTime() == 0 && r.tempOffTime() == 0;
            boolean badPerm = r.permControl() == LedControl.PERM_SET && r.permOnTime() == 0 && r.permOffTime() == 0;
            if (badTemp || badPerm) return nak(OsdpCodes.NakReason.RECORD.value());
        }
        records.forEach(r -> pd.readers().led(pd.address(), r));
        return new OsdpReply.Ack();
    }

    private OsdpReply buz(List<BuzzerControl> records, OsdpPdConfig cfg) {
        for (BuzzerControl r : records) {
            if (r.reader() >= cfg.readers()) return nak(OsdpCodes.NakReason.UNKNOWN_COMMAND.value());
            if (r.tone() == BuzzerControl.TONE_DEFAULT && r.onTime() == 0) return nak(OsdpCodes.NakReason.RECORD.value());
        }
        records.forEach(r -> pd.readers().buzzer(pd.address(), r));
        return new OsdpReply.Ack();
    }

    /** PDCAP in libosdp's order; points with a count of zero are left out. */
    static List<Capability> capabilities(OsdpPdConfig cfg) {
        java.util.ArrayList<Capability> caps = new java.util.ArrayList<>();
        if (cfg.inputs() > 0) caps.add(new Capability(OsdpCodes.CAP_CONTACT_STATUS, 1, cfg.inputs()));
        // Level 3: on/off plus timed operation (codes 5 and 6).
        if (cfg.outputs() > 0) caps.add(new Capability(OsdpCodes.CAP_OUTPUT_CONTROL, 3, cfg.outputs()));
        if (cfg.readers() > 0) {
            caps.add(new Capability(OsdpCodes.CAP_CARD_FORMAT, 1, 0));
            caps.add(new Capability(OsdpCodes.CAP_LED, 1, 1));
            caps.add(new Capability(OsdpCodes.CAP_AUDIBLE, 1, 1));
            caps.add(new Capability(OsdpCodes.CAP_TEXT, 1, 1));
        }
        caps.add(new Capability(OsdpCodes.CAP_CHECK_CHARACTER, 1, 0));
        caps.add(new Capability(OsdpCodes.CAP_SECURITY, cfg.secureChannel() ? 1 : 0, cfg.secureChannel() ? 1 : 0));
        caps.add(new Capability(OsdpCodes.CAP_RECEIVE_BUFFER, cfg.receiveBuffer() & 0xFF, cfg.receiveBuffer() >> 8));
        if (cfg.readers() > 0) caps.add(new Capability(OsdpCodes.CAP_READERS, 0, cfg.readers()));
        caps.add(new Capability(OsdpCodes.CAP_OSDP_VERSION, 2, 0));
        return caps;
    }

    static OsdpReply nak(int error) {
        return new OsdpReply.Nak(error, Bytes.EMPTY);
    }

    static OsdpReply nak(OsdpCodes.NakReason reason) {
        return new OsdpReply.Nak(reason);
    }
}
