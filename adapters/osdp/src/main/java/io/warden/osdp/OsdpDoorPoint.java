package io.warden.osdp;

/**
 * How one door is wired to a PD.
 *
 * @param address   the PD's address on the line
 * @param reader    the reader number on that PD whose card reads belong to this door, or -1 for none
 * @param strike    the output driving the strike or maglock
 * @param contact   the input of the door contact (active = open), or -1 when there is none
 * @param rex       the input of the request-to-exit device (active = pressed), or -1
 * @param failSafe  true for a fail-safe lock (maglock: output on = locked); false for a fail-secure
 *                  strike (output on = unlocked)
 */
public record OsdpDoorPoint(int address, int reader, int strike, int contact, int rex, boolean failSafe) {

    /** The output level that means "unlocked" for this wiring. */
    public boolean unlockedLevel() {
        return !failSafe;
    }
}
