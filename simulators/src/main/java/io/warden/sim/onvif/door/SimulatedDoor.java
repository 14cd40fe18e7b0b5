package io.warden.sim.onvif.door;

import static io.warden.sim.onvif.OnvifSimXml.el;
import static io.warden.sim.onvif.OnvifSimXml.esc;

import io.warden.adapter.api.DoorState.Mode;
import io.warden.sim.onvif.OnvifSimNotification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One door as the controller holds it: mode, contact, alarm, tamper, fault, and the timer of a running access.
 * Only the simulator's context touches it.
 */
final class SimulatedDoor {
    /** Every capability this controller's doors have (DoubleLock without a monitor for the second lock). */
    static final String CAPABILITIES = "<tdc:Capabilities Access=\"true\" AccessTimingOverride=\"true\" Lock=\"true\" Unlock=\"true\""
            + " Block=\"true\" DoubleLock=\"true\" LockDown=\"true\" LockOpen=\"true\" DoorMonitor=\"true\" LockMonitor=\"true\""
            + " DoubleLockMonitor=\"false\" Alarm=\"true\" Tamper=\"true\" Fault=\"true\"/>";

    final OnvifDoorControllerSimulator.Door config;
    Mode mode = Mode.LOCKED;
    /** The mode an access returns to. */
    Mode beforeAccess = Mode.LOCKED;
    /** The running access's timer, or -1. */
    long accessTimer = -1;
    boolean open;
    /** OpenTooLongTime of the running access (AccessDoor's override), or null for the controller's default. */
    java.time.Duration accessOpenTime;
    /** The DoorOpenTooLong timer of a door opened during an access, or -1. */
    long openTimer = -1;
    /** Normal, DoorForcedOpen, DoorOpenTooLong. */
    String alarm = "Normal";
    /** A tamper reason, or null when not in tamper. */
    String tamper;
    /** A fault reason, or null when not in fault. */
    String fault;

    SimulatedDoor(OnvifDoorControllerSimulator.Door config) {
        this.config = config;
    }

    String token() {
        return config.token();
    }

    String lockState() {
        return mode.lock() == io.warden.adapter.api.DoorState.LockState.LOCKED ? "Locked" : "Unlocked";
    }

    String doorInfoXml() {
        return "<tdc:DoorInfo token=\"" + esc(token()) + "\">" + el("tdc:Name", config.name()) + CAPABILITIES + "</tdc:DoorInfo>";
    }

    /** tdc:DoorState, children in schema order (DoorMode last; Tamper and Fault are structures). */
    String stateXml() {
        return "<tdc:DoorState>" + el("tdc:DoorPhysicalState", open ? "Open" : "Closed") + el("tdc:LockPhysicalState", lockState())
                + el("tdc:Alarm", alarm)
                + "<tdc:Tamper>" + (tamper == null ? "" : el("tdc:Reason", tamper)) + el("tdc:State", tamper == null ? "NotInTamper" : "TamperDetected") + "</tdc:Tamper>"
                + "<tdc:Fault>" + (fault == null ? "" : el("tdc:Reason", fault)) + el("tdc:State", fault == null ? "NotInFault" : "FaultDetected") + "</tdc:Fault>"
                + el("tdc:DoorMode", DoorModeTable.onvif(mode)) + "</tdc:DoorState>";
    }

    /** The door's property states now, one message per topic. */
    List<OnvifSimNotification> properties(Instant now, String op) {
        List<OnvifSimNotification> out = new ArrayList<>();
        out.add(message("DoorMode", DoorModeTable.onvif(mode), now, op));
        out.add(message("DoorPhysicalState", open ? "Open" : "Closed", now, op));
        out.add(message("LockPhysicalState", lockState(), now, op));
        out.add(message("DoorAlarm", alarm, now, op));
        out.add(message("DoorTamper", tamper == null ? "NotInTamper" : "TamperDetected", now, op));
        out.add(faultMessage(now, op));
        return out;
    }

    OnvifSimNotification message(String property, String state, Instant now, String op) {
        return new OnvifSimNotification("Door/State/" + property, now, op, Map.of("DoorToken", token()), Map.of("State", state));
    }

    OnvifSimNotification faultMessage(Instant now, String op) {
        Map<String, String> data = new java.util.LinkedHashMap<>();
        data.put("State", fault == null ? "NotInFault" : "FaultDetected");
        if (fault != null) data.put("Reason", fault);
        return new OnvifSimNotification("Door/State/DoorFault", now, op, Map.of("DoorToken", token()), data);
    }
}
