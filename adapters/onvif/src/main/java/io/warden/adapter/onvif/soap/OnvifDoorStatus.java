package io.warden.adapter.onvif.soap;

import io.warden.adapter.api.DoorState;

/**
 * A door's state as GetDoorState reports it (onvif.md §6.1). A field the device left out (its
 * capability is off) is {@code UNKNOWN}; so is a physical state of {@code Fault} or {@code Unknown}.
 *
 * @param mode        DoorMode (required in the reply)
 * @param contact     DoorPhysicalState
 * @param lock        LockPhysicalState
 * @param alarm       Alarm
 * @param tamper      Tamper/State
 * @param fault       Fault/State
 * @param faultReason Fault/Reason, or null
 */
public record OnvifDoorStatus(DoorState.Mode mode, DoorState.ContactState contact, DoorState.LockState lock, DoorState.Alarm alarm,
                              DoorState.Flag tamper, DoorState.Flag fault, String faultReason) {}
