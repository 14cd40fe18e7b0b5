package io.warden.adapter.onvif;

import io.warden.adapter.onvif.OnvifDoorEvents.Field;
import java.time.Instant;

/**
 * Which word on each of a door's state fields is the newest. Property messages arrive in the device's
 * order and carry its time (UtcTime); GetDoorState replies carry no time, and a message the device
 * sent before answering a read may arrive after the reply. So:
 * <ul>
 * <li>a reply does not overwrite a field a message set after the read went out;</li>
 * <li>a message is known to be newer than a field's value only when a message set that value and was
 *     stamped no later. A field a reply changed, or one a later-stamped message set, has a value the
 *     message may be older than: the device is asked again before the message may contradict it.</li>
 * </ul>
 * Not thread-safe: on the adapter's context.
 */
final class OnvifDoorOrder {
    private static final int FIELDS = Field.values().length;

    private long seq;
    private final long[] messageSeq = new long[FIELDS];
    private final Instant[] messageTime = new Instant[FIELDS];
    private final boolean[] fromRead = new boolean[FIELDS];

    /** Taken when a read goes out, for {@link #readMay}. */
    long mark() {
        return seq;
    }

    /** A message stamped {@code utc} (null: unstamped) set {@code f}. */
    void message(Field f, Instant utc) {
        int i = f.ordinal();
        messageSeq[i] = ++seq;
        fromRead[i] = false;
        if (utc != null && (messageTime[i] == null || utc.isAfter(messageTime[i]))) messageTime[i] = utc;
    }

    /** Whether a reply to a read sent at {@code mark} may set {@code f}: no message set it since. */
    boolean readMay(Field f, long mark) {
        return messageSeq[f.ordinal()] <= mark;
    }

    /** A reply changed {@code f}. */
    void read(Field f) {
        fromRead[f.ordinal()] = true;
    }

    /** Whether a message stamped {@code utc} is known to be newer than what set {@code f}. */
    boolean newer(Field f, Instant utc) {
        int i = f.ordinal();
        return !fromRead[i] && (utc == null || messageTime[i] == null || !utc.isBefore(messageTime[i]));
    }
}
