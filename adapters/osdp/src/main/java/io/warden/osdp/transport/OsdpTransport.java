package io.warden.osdp.transport;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A byte pipe to one OSDP line: a serial port, a TCP connection or an in-memory peer. It moves
 * bytes only and knows nothing of frames; chunk boundaries on the receiving side are arbitrary
 * (a frame may arrive in several pieces, or several frames in one piece).
 *
 * <p><b>Threading.</b> {@link #open()} captures the Vert.x context of its caller (a new event-loop
 * context when called from a non-Vert.x thread). Every callback — the received-bytes handler, the
 * closed handler and the completion of the futures returned here — runs on that context. No method
 * blocks the calling thread; implementations do blocking I/O on their own threads. Methods may be
 * called from any thread, but callers normally stay on the opening context.
 *
 * <p><b>Life cycle.</b> An instance is single-use: {@code new → open() → (drop | close())}. It
 * cannot be reopened after it closed or dropped; create a new one, or let
 * {@link OsdpReconnectingTransport} do that.
 *
 * <p><b>Failures.</b> Failed futures carry an {@link java.io.IOException} (or an
 * {@link IllegalStateException} for misuse such as opening twice) whose message starts with
 * {@link #describe()}, so the log names the device path or {@code host:port}. A write on a link that
 * is not open fails with a message containing {@code "connection closed"}.
 */
public interface OsdpTransport {

    /**
     * Opens the link.
     *
     * @return completes when bytes can flow in both directions; fails when the device or peer
     *     cannot be reached (the message names the path or {@code host:port}), or with
     *     {@link IllegalStateException} when called more than once
     */
    Future<Void> open();

    /**
     * Queues {@code bytes} for sending, after every earlier write. The transport may keep the array
     * until the returned future completes, so callers must not change it before then.
     *
     * @return completes when the bytes were handed to the OS (not when the peer received them);
     *     fails with "connection closed" when the link is not open, or when the write itself
     *     fails (the link is then treated as dropped)
     */
    Future<Void> write(byte[] bytes);

    /**
     * Sets the handler for received bytes. Set it before {@link #open()}; bytes arriving while no
     * handler is set are discarded. Each array is owned by the handler.
     */
    void handler(Consumer<byte[]> received);

    /**
     * Sets the handler called, with the cause, when an open link drops without {@link #close()}
     * having been called: device unplugged, peer closed the socket, I/O error. A single-use link
     * calls it at most once; a link that survives drops ({@link OsdpReconnectingTransport}) calls it
     * on each drop and then {@link #restoredHandler} when it is back. Never called after {@link #close()}.
     */
    void closedHandler(Consumer<Throwable> closed);

    /**
     * Sets the handler called when the link is up again after a drop reported to
     * {@link #closedHandler}. A single-use link never calls it.
     */
    default void restoredHandler(Runnable restored) {
        Objects.requireNonNull(restored, "restored");
    }

    /**
     * Closes the link and releases its threads and descriptors. Writes queued before this call are
     * sent first. Idempotent; closing a link that never opened or already dropped succeeds.
     *
     * @return completes once the device or socket is released
     */
    Future<Void> close();

    /** Whether bytes can flow now: opened, not closed, not dropped. Any thread. */
    boolean isOpen();

    /** A short label for logs and errors, e.g. {@code "serial /dev/ttyUSB0 9600 8N1"} or {@code "tcp 10.1.2.3:4001"}. */
    String describe();
}
