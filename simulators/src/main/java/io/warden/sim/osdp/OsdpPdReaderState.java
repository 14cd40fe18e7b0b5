package io.warden.sim.osdp;

import java.time.Duration;

/**
 * What one simulated reader shows now: its LED and the last thing its buzzer was told. An immutable
 * snapshot taken by {@link OsdpSimulatedPd#reader(int)}; the LED's colour is worked out at that
 * moment (a temporary state whose timer ran out shows the permanent one again).
 *
 * @param reader           the reader number on the PD
 * @param colour           the colour the LED shows now (for a blinking LED: its "on" colour)
 * @param blinking         whether the LED blinks now (both on and off times set)
 * @param temporary        whether a temporary state is showing now (its timer has not run out)
 * @param temporaryLeft    how long the temporary state still shows; zero when none does
 * @param permanentColour  the colour the LED goes back to when no temporary state shows
 * @param beeps            the count of the last osdp_BUZ with a tone (0: until told otherwise); 0 after a "tone off"
 * @param beepCommands     how many osdp_BUZ records this reader ran, a new beep with the same count shows here
 * @param changedNanos     {@link System#nanoTime()} (the simulator's clock) of the last LED or buzzer command run; 0 if none
 */
public record OsdpPdReaderState(int reader, Colour colour, boolean blinking, boolean temporary, Duration temporaryLeft,
                                Colour permanentColour, int beeps, int beepCommands, long changedNanos) {

    /** The osdp_LED colours (osdp.md §6); codes beyond 7 show as {@link #OTHER}. */
    public enum Colour {
        BLACK, RED, GREEN, AMBER, BLUE, MAGENTA, CYAN, WHITE, OTHER;

        static Colour of(int code) {
            return code >= 0 && code < OTHER.ordinal() ? values()[code] : OTHER;
        }
    }
}
