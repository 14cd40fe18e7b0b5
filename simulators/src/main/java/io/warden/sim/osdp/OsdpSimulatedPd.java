package io.warden.sim.osdp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.warden.osdp.codec.Bytes;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpCommand;
import io.warden.osdp.codec.OsdpCommand.OutputControl;
import io.warden.osdp.codec.OsdpReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated PD (door reader and I/O module) on an {@link OsdpPdSimulator} line: its inputs,
 * outputs, reader, tamper and power state, the events it holds for the next POLL, and its key.
 * The link layer (SQN, reply cache, secure channel) is {@link OsdpPdLink}; the application layer,
 * answering decoded commands, is {@link OsdpPdApplication}.
 *
 * <p><b>Threading.</b> All state lives on the line's Vert.x context. The test-facing methods may be
 * called from any thread: changes are marshalled onto the context and the returned future
 * completes (on that context) once the change is applied, so an event is queued before a POLL
 * sent after the future completed. Reads ({@link #output}, {@link #input}, counters, key) use
 * thread-safe snapshots.
 *
 * <p><b>Readers.</b> Each reader has one LED and one buzzer; the osdp_LED and osdp_BUZ records the
 * PD runs set them ({@link #reader(int)} shows them, {@code event=reader_led} and
 * {@code event=reader_beep} log them).
 *
 * <p><b>Events.</b> Input changes queue an ISTATR with the full input array; output changes
 * (OUT command or a timer ending) an OSTATR with the full output array, only when
 * {@link #reportOutputChanges(boolean) enabled}; tamper/power changes an LSTATR, card swipes a RAW
 * (reader 0, Wiegand format 1) and keys a KEYPAD. One event goes out per POLL, oldest first; at
 * most {@value #MAX_EVENTS} are held, the oldest is dropped beyond that.
 */
public final class OsdpSimulatedPd {
    /** Events held for POLL before the oldest is dropped. */
    public static final int MAX_EVENTS = 64;
    /** The time {@link #typeKeys(String)} leaves between two keys: a person typing briskly. */
    public static final Duration KEY_GAP = Duration.ofMillis(250);

    private static final Logger log = LoggerFactory.getLogger(OsdpSimulatedPd.class);

    private final Vertx vertx;
    private final OsdpPdConfig config;
    private final OsdpPdFaults faults;
    private final OsdpPdOutputs outputs;
    private final OsdpPdReaders readers;
    private final OsdpPdApplication application;
    private final OsdpPdLink link;
    private final AtomicIntegerArray inputs;
    private final AtomicIntegerArray received = new AtomicIntegerArray(256);
    private final AtomicIntegerArray executed = new AtomicIntegerArray(256);
    private volatile Context context;
    private volatile int address;
    private volatile byte[] scbk;
    private volatile boolean installMode;
    private volatile boolean tamper;
    private volatile boolean powerFailure;
    private volatile Consumer<OsdpCommand> commandListener = c -> { };
    private final LongSupplier nanoClock;
    private final List<Received> receivedLog = new CopyOnWriteArrayList<>();

    /**
     * One frame addressed to this PD, as it arrived (faults not yet applied: a silent PD still hears).
     *
     * @param nanos System.nanoTime() (the simulator's clock) when it arrived
     * @param code  the command code
     */
    public record Received(long nanos, int code) {}

    /**
     * One reply as it left this PD.
     *
     * @param nanos System.nanoTime() right after its last byte was handed to the port: on a paced
     *              line, when a real line would have finished sending it
     * @param code  the reply code (of the first frame, when stale frames went out in front of it)
     */
    public record Sent(long nanos, int code) {}
    private volatile Consumer<Sent> sentListener = s -> { };
    private volatile boolean reportsOutputChanges;

    OsdpSimulatedPd(Vertx vertx, OsdpPdConfig config, LongSupplier nanoClock) {
        this.vertx = vertx;
        this.config = Objects.requireNonNull(config, "config");
        this.nanoClock = nanoClock;
        this.address = config.address();
        this.scbk = config.scbk() == null ? null : config.scbk().toArray();
        this.installMode = config.installMode();
        this.faults = new OsdpPdFaults(nanoClock);
        this.inputs = new AtomicIntegerArray(config.inputs());
        this.application = new OsdpPdApplication(this, MAX_EVENTS);
        this.outputs = new OsdpPdOutputs(vertx, config.outputs(), application::outputsChanged);
        this.readers = new OsdpPdReaders(config.readers(), nanoClock);
        this.link = new OsdpPdLink(this, nanoClock);
    }

    void attach(Context lineContext) {
        this.context = lineContext;
    }

    // ---- identity and configuration ----

    /** The address the PD answers on now (COMSET can change it). */
    public int address() {
        return address;
    }

    /** The configuration the PD was created with. */
    public OsdpPdConfig config() {
        return config;
    }

    /** Fault injection for this PD; see {@link OsdpPdFaults}. */
    public OsdpPdFaults faults() {
        return faults;
    }

    // ---- test-facing state ----

    /** Whether output {@code n} (0 = first) is active now; false when it does not exist. Any thread. */
    public boolean output(int n) {
        return outputs.isActive(n);
    }

    /**
     * What reader {@code n}'s LED shows now and what its buzzer was last told, as the osdp_LED and
     * osdp_BUZ commands the PD ran left them. Any thread.
     *
     * @throws IllegalArgumentException when the reader does not exist
     */
    public OsdpPdReaderState reader(int n) {
        if (n < 0 || n >= readers.count()) throw new IllegalArgumentException("pd " + address + " has no reader " + n);
        return readers.state(n);
    }

    /** Whether input {@code n} is active now; false when it does not exist. Any thread. */
    public boolean input(int n) {
        return n >= 0 && n < inputs.length() && inputs.get(n) != 0;
    }

    /**
     * Sets input {@code n}; a change queues an ISTATR.
     *
     * @return fails with IllegalArgumentException when the input does not exist
     */
    public Future<Void> setInput(int n, boolean active) {
        if (n < 0 || n >= inputs.length()) {
            return Future.failedFuture(new IllegalArgumentException("pd " + address + " has no input " + n));
        }
        return onContext(() -> {
            if (inputs.getAndSet(n, active ? 1 : 0) != (active ? 1 : 0)) application.queue(new OsdpReply.IStatR(inputStates()));
        });
    }

    /**
     * Presents a card to reader 0: queues a RAW, format 1 (Wiegand).
     *
     * @param data the bits, first bit in the MSB of data[0], exactly ceil(bits / 8) bytes
     * @param bits number of bits, e.g. 26
     */
    public Future<Void> swipeCard(byte[] data, int bits) {
        OsdpReply.Raw raw;
        try {
            raw = new OsdpReply.Raw(0, 1, bits, Bytes.of(data));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return requireReader().compose(v -> onContext(() -> application.queue(raw)));
    }

    /** Types {@code keys} on reader 0's keypad: queues a KEYPAD ('*' and '#' allowed). */
    public Future<Void> keypad(String keys) {
        OsdpReply.Keypad keypad;
        try {
            keypad = new OsdpReply.Keypad(0, keys);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return requireReader().compose(v -> onContext(() -> application.queue(keypad)));
    }

    /** {@link #typeKeys(String, Duration)} with {@link #KEY_GAP} between keys. */
    public Future<Void> typeKeys(String keys) {
        return typeKeys(keys, KEY_GAP);
    }

    /**
     * Types {@code keys} on reader 0's keypad the way most readers report a person typing: one KEYPAD
     * per key, queued {@code gap} apart ({@link #keypad} sends them all in one KEYPAD, as readers that
     * buffer an entry do).
     *
     * @return completes once the last key is queued; fails before any key is queued when a key cannot be sent or there is no reader
     */
    public Future<Void> typeKeys(String keys, Duration gap) {
        List<OsdpReply.Keypad> presses = new ArrayList<>();
        try {
            if (keys.isEmpty()) throw new IllegalArgumentException("no keys to type");
            for (char k : keys.toCharArray()) presses.add(new OsdpReply.Keypad(0, String.valueOf(k)));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Future<Void> typed = requireReader();
        for (int i = 0; i < presses.size(); i++) {
            OsdpReply.Keypad press = presses.get(i);
            if (i > 0) typed = typed.compose(v -> vertx.timer(Math.max(1, gap.toMillis()), TimeUnit.MILLISECONDS).mapEmpty());
            typed = typed.compose(v -> onContext(() -> application.queue(press)));
        }
        return typed;
    }

    /** Opens or closes the PD's cover; a change queues an LSTATR. */
    public Future<Void> setTamper(boolean on) {
        return onContext(() -> {
            if (tamper != on) {
                tamper = on;
                application.queue(new OsdpReply.LStatR(tamper, powerFailure));
            }
        });
    }

    /** Reports a power failure or its end; a change queues an LSTATR. */
    public Future<Void> setPowerFailure(boolean on) {
        return onContext(() -> {
            if (powerFailure != on) {
                powerFailure = on;
                application.queue(new OsdpReply.LStatR(tamper, powerFailure));
            }
        });
    }

    /** Whether the cover is open. Any thread. */
    public boolean tamper() {
        return tamper;
    }

    /** Whether a power failure is reported. Any thread. */
    public boolean powerFailure() {
        return powerFailure;
    }

    /** A copy of the SCBK now in use (changed by KEYSET), or null. Any thread. Never log it. */
    public byte[] currentScbk() {
        byte[] k = scbk;
        return k == null ? null : k.clone();
    }

    /** Whether the PD still accepts SCBK-D sessions (until a KEYSET). Any thread. */
    public boolean installMode() {
        return installMode;
    }

    /** Whether a secure session is open now (it may have expired without traffic). Any thread. */
    public boolean secureSessionActive() {
        return link.sessionActive();
    }

    /** Events waiting for a POLL. Any thread. */
    public int pendingEvents() {
        return application.pending();
    }

    /** Valid frames with this command code addressed to this PD, including repeats and refused ones. */
    public int commandsReceived(int code) {
        return received.get(code & 0xFF);
    }

    /** Commands with this code that were decoded and run (repeats, BUSY and sequence errors excluded). */
    public int commandsExecuted(int code) {
        return executed.get(code & 0xFF);
    }

    /** Every frame addressed to this PD so far, with when it arrived, oldest first. Any thread. */
    public List<Received> receivedLog() {
        return List.copyOf(receivedLog);
    }

    /**
     * Restarts the PD the way real readers do: deaf for {@code down}, then fresh (SQN and secure
     * session forgotten) but with its last {@code staleFrames} replies from before the restart still
     * in its transmit buffer. They go out in front of its next reply, so a CP that takes the first
     * frame it hears for the answer runs one request late from then on.
     */
    public Future<Void> restartWithStaleBytes(Duration down, int staleFrames) {
        if (staleFrames < 0) return Future.failedFuture(new IllegalArgumentException("staleFrames must not be negative"));
        faults.offlineFor(down);
        return onContext(() -> link.restart(staleFrames));
    }

    /**
     * Whether an output change (an OUT command or a timer ending) queues an OSTATR for POLL. Off by
     * default, as on many readers and I/O modules: they answer OSTAT but volunteer nothing, not even
     * when their own timer relocks a strike, and a control panel must work with them. On, the PD
     * reports each change, as other PDs do (and this simulator always did before). Any thread.
     */
    public void reportOutputChanges(boolean on) {
        reportsOutputChanges = on;
    }

    /**
     * Switches output {@code n} permanently, as a key switch at the panel or the PD's own logic would:
     * no command from the CP; an OSTATR is queued only if the PD {@link #reportOutputChanges reports}.
     */
    public Future<Void> switchOutputAtPanel(int n, boolean on) {
        if (n < 0 || n >= outputs.count()) return Future.failedFuture(new IllegalArgumentException("pd " + address + " has no output " + n));
        OutputControl c = on ? OutputControl.permanentOn(n) : OutputControl.permanentOff(n);
        return onContext(() -> {
            if (outputs.apply(c)) application.outputsChanged();
        });
    }

    /** Whether output changes are reported through POLL; see {@link #reportOutputChanges}. Any thread. */
    public boolean reportsOutputChanges() {
        return reportsOutputChanges;
    }

    /**
     * Sets a listener for every command the PD runs, called on the line's context after the
     * command took effect. Replaces the previous listener.
     */
    public void onCommand(Consumer<OsdpCommand> listener) {
        commandListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Sets a listener for every reply the PD sends, called on the line's context once the reply's
     * last byte went out (see {@link Sent}); latency measurements start from it. Replaces the previous listener.
     */
    public void onReplySent(Consumer<Sent> listener) {
        sentListener = Objects.requireNonNull(listener, "listener");
    }

    // ---- package-private, line context only ----

    /** {@code frame}, mark included when sent with one, has just gone out in full. */
    void replySent(byte[] frame) {
        int off = frame.length > 0 && (frame[0] & 0xFF) == OsdpCodes.MARK ? 1 : 0;
        int scb = (frame[off + 4] & OsdpCodes.CTRL_SCB) != 0 ? frame[off + OsdpCodes.HEADER_SIZE] & 0xFF : 0;
        int code = frame[off + OsdpCodes.HEADER_SIZE + scb] & 0xFF;
        try {
            sentListener.accept(new Sent(nanoClock.getAsLong(), code));
        } catch (RuntimeException e) {
            log.warn("event=reply_listener_failed address={} code=0x{} error={}", address, Integer.toHexString(code), e.toString());
        }
    }

    OsdpPdLink link() {
        return link;
    }

    OsdpPdOutputs outputs() {
        return outputs;
    }

    OsdpPdReaders readers() {
        return readers;
    }

    OsdpPdApplication application() {
        return application;
    }

    int[] inputStates() {
        int[] s = new int[inputs.length()];
        for (int i = 0; i < s.length; i++) s[i] = inputs.get(i);
        return s;
    }

    void heard(int code) {
        receivedLog.add(new Received(nanoClock.getAsLong(), code & 0xFF));
    }

    void countReceived(int code) {
        received.incrementAndGet(code & 0xFF);
    }

    void executed(OsdpCommand command) {
        executed.incrementAndGet(command.code() & 0xFF);
        try {
            commandListener.accept(command);
        } catch (RuntimeException e) {
            log.warn("event=command_listener_failed address={} code=0x{} error={}", address,
                    Integer.toHexString(command.code()), e.toString());
        }
    }

    byte[] scbkRaw() {
        return scbk;
    }

    void storeScbk(byte[] key) {
        scbk = key.clone();
        installMode = false;
        log.info("event=scbk_stored address={} install_mode=false", address);
    }

    void readdressed(int newAddress) {
        address = newAddress;
    }

    void closeTimers() {
        outputs.cancelAll();
    }

    private Future<Void> requireReader() {
        return config.readers() > 0 ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("pd " + address + " has no reader"));
    }

    private Future<Void> onContext(Runnable change) {
        Context ctx = context;
        if (ctx == null) return Future.failedFuture(new IllegalStateException("simulator not started"));
        Promise<Void> done = Promise.promise();
        ctx.runOnContext(v -> {
            change.run();
            done.complete();
        });
        return done.future();
    }
}
