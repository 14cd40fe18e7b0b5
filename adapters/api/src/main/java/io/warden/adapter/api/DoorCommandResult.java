package io.warden.adapter.api;

import java.time.Duration;

/**
 * A command the device confirmed.
 *
 * @param doorId  the door
 * @param command what was done
 * @param state   the door state after the device confirmed the command
 * @param latency from the call to the device's confirmation
 * @param detail  what the device said, for people (e.g. "output 0 on for 5.0 s, PD 0x01 ACK")
 */
public record DoorCommandResult(String doorId, DoorCommand command, DoorState state, Duration latency, String detail) {}
