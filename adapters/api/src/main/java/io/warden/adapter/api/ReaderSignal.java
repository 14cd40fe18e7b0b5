package io.warden.adapter.api;

/** What a door's reader shows the person in front of it once the gateway has decided. */
public enum ReaderSignal {
    /** Access granted: green LED while the door is unlocked, one short beep. */
    GRANTED,
    /** Access denied: red LED for about two seconds, two short beeps. */
    DENIED,
    /** A card was accepted at a card-and-PIN door: amber LED blinking while the reader waits for the PIN, one short beep. */
    PIN_REQUIRED
}
