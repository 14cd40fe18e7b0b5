package io.warden.sim.osdp;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Fault injection for one simulated PD, to exercise the CP's retry, offline and error paths.
 * All methods are thread-safe and take effect for the next frame the PD receives.
 *
 * <p>How each fault looks on the wire, in the order the PD checks them:
 * <ol>
 *   <li>{@link #silent(boolean) silent} / {@link #offlineFor offline}: the frame is ignored as if it
 *       never arrived (no reply, no state change), so the CP's retry is processed normally.</li>
 *   <li>{@link #busyNext busy}: plaintext osdp_BUSY with the command's SQN; the command is not run
 *       and the SQN and MAC chain do not move, as the CP re-sends the same frame.</li>
 *   <li>{@link #nakNext nak}: osdp_NAK with the given code instead of running the command. It is a
 *       normal reply: sealed inside a session, cached for a repeated SQN.</li>
 *   <li>{@link #corruptNext corrupt}: the reply's last byte (CRC high byte) is flipped on the wire;
 *       the cached copy stays good, so the CP's retry gets a valid reply.</li>
 *   <li>{@link #badMacNext bad MAC}: a sealed reply's MAC is wrong (CRC good), the cached copy too.</li>
 *   <li>{@link #delayReplies delay}: every reply is sent this much later (Vert.x timer).</li>
 *   <li>{@link #credentialsMacOnly(boolean) credentials MAC-only}: inside a session, card and keypad
 *       replies go out with SCS_16, their data in the clear under a valid MAC.</li>
 *   <li>{@link #ignoreOutNext ignore OUT}: a valid OUT is ACKed but not carried out.</li>
 * </ol>
 */
public final class OsdpPdFaults {
    private final LongSupplier nanoClock;
    private volatile boolean silent;
    private volatile boolean offline;
    private volatile long offlineUntilNanos;
    private volatile long delayMillis;
    private volatile boolean credentialsMacOnly;
    private int busy;
    private int nak;
    private int nakCode;
    private int corrupt;
    private int ignoreOut;
    private int badMac;

    OsdpPdFaults(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Answer nothing while {@code on}. */
    public void silent(boolean on) {
        silent = on;
    }

    /** Answer nothing for {@code duration}, then behave normally again (power cycle or cut cable). */
    public void offlineFor(Duration duration) {
        offlineUntilNanos = nanoClock.getAsLong() + Objects.requireNonNull(duration, "duration").toNanos();
        offline = true;
    }

    /** Reply osdp_BUSY to the next {@code n} commands. */
    public synchronized void busyNext(int n) {
        busy = nonNegative(n);
    }

    /** Reply osdp_NAK {@code code} to the next {@code n} commands. */
    public synchronized void nakNext(int n, int code) {
        if (code < 0 || code > 0xFF) throw new IllegalArgumentException("NAK code must be 0..255: " + code);
        nak = nonNegative(n);
        nakCode = code;
    }

    /** Flip one byte of the next {@code n} replies so their CRC fails. */
    public synchronized void corruptNext(int n) {
        corrupt = nonNegative(n);
    }

    /**
     * ACK the next {@code n} valid OUT commands without acting on them (a stuck relay, a PD whose
     * output is driven locally): the reply is a normal ACK, the outputs do not change.
     */
    public synchronized void ignoreOutNext(int n) {
        ignoreOut = nonNegative(n);
    }

    /**
     * Inside a session, give the next {@code n} sealed replies a MAC that does not verify, cached as
     * sent (a PD whose MAC chain went astray): the CP's byte-for-byte retry gets the same bad reply.
     */
    public synchronized void badMacNext(int n) {
        badMac = nonNegative(n);
    }

    /** Delay every reply by {@code delay} (zero to stop). The CP's reply timeout is 200 ms. */
    public void delayReplies(Duration delay) {
        if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative");
        delayMillis = delay.toMillis();
    }

    /** Inside a secure session, send RAW, FMT and KEYPAD replies MAC-only (SCS_16, data in the clear). */
    public void credentialsMacOnly(boolean on) {
        credentialsMacOnly = on;
    }

    boolean credentialsMacOnly() {
        return credentialsMacOnly;
    }

    /** Clears every fault. */
    public synchronized void clear() {
        silent = false;
        offline = false;
        delayMillis = 0;
        credentialsMacOnly = false;
        busy = nak = corrupt = ignoreOut = badMac = 0;
    }

    boolean ignoring() {
        return silent || offline && offlineUntilNanos - nanoClock.getAsLong() > 0;
    }

    synchronized boolean takeBusy() {
        return busy > 0 && busy-- > 0;
    }

    /** The NAK code to send instead of running the command, or -1. */
    synchronized int takeNak() {
        if (nak == 0) return -1;
        nak--;
        return nakCode;
    }

    synchronized boolean takeCorrupt() {
        return corrupt > 0 && corrupt-- > 0;
    }

    synchronized boolean takeBadMac() {
        return badMac > 0 && badMac-- > 0;
    }

    synchronized boolean takeIgnoredOut() {
        return ignoreOut > 0 && ignoreOut-- > 0;
    }

    long delayMillis() {
        return delayMillis;
    }

    private static int nonNegative(int n) {
        if (n < 0) throw new IllegalArgumentException("count must not be negative: " + n);
        return n;
    }
}
