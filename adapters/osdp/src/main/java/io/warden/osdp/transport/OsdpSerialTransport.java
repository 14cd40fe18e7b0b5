package io.warden.osdp.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * An {@link OsdpTransport} over a serial port (jSerialComm), 8N1, no flow control, optionally in
 * kernel RS-485 mode. Pseudo-terminals work when opened by path (the simulators module's {@code PtyPair} makes a linked pair).
 *
 * <p><b>Threads.</b> Each open port has two threads of its own, neither of them a Vert.x thread:
 * a reader doing blocking reads that return at least every 100 ms, so that
 * {@link #close()} is prompt, and a writer that runs the open, every write and the final close in
 * submission order. Results are handed to the opener's context with {@code runOnContext}.
 *
 * <p><b>Failures.</b> A missing device, a busy port or a refused permission fails {@link #open()}
 * with an {@link IOException} naming the path. A read error (USB adapter unplugged, pty peer gone)
 * or a write error drops the link: the closed handler gets the cause once and the port is released.
 * A write that cannot complete within 5 s is a write error.
 */
public final class OsdpSerialTransport extends OsdpTransportBase {
    /** Upper bound on one blocking read, and so on how long close() waits for the reader. */
    static final int READ_POLL_MS = 100;
    /** Longer than a maximal 1440-byte frame takes at 9600 baud (about 1.5 s). */
    static final int WRITE_TIMEOUT_MS = 5_000;

    private static final Logger log = LoggerFactory.getLogger(OsdpSerialTransport.class);

    private final OsdpSerialOptions options;
    private final Promise<Void> released = Promise.promise();
    private volatile ExecutorService writer;
    private volatile SerialPort port;
    private volatile Thread reader;

    /** Creates a closed transport; nothing touches the device until {@link #open()}. */
    public OsdpSerialTransport(Vertx vertx, OsdpSerialOptions options) {
        super(vertx, Objects.requireNonNull(options, "options").describe());
        this.options = options;
    }

    @Override
    protected Future<Void> connect(Context ctx) {
        String name = "osdp-serial-" + options.path();
        writer = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-writer"));
        return submit(this::openPort);
    }

    private Void openPort() throws IOException {
        SerialPort p;
        try {
            // Checked first because jSerialComm reports a missing device only as an errno.
            if (options.path().contains("/") && !Files.exists(Path.of(options.path()))) {
                throw new IOException(label + ": no such device");
            }
            p = SerialPort.getCommPort(options.path());
            p.setComPortParameters(options.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    READ_POLL_MS, WRITE_TIMEOUT_MS);
            if (options.rs485()) {
                p.setRs485ModeParameters(true, options.rs485RtsActiveHigh(), false, false,
                        options.rs485DelayBeforeSendMicros(), options.rs485DelayAfterSendMicros());
            }
            if (!p.openPort()) {
                throw new IOException(label + ": cannot open (" + errno(p) + ")");
            }
        } catch (IOException | SerialPortInvalidPortException e) {
            writer.shutdown();
            released.tryComplete();
            throw e instanceof IOException io ? io : new IOException(label + ": " + e.getMessage(), e);
        }
        port = p;
        log.info("event=serial_open port={} baud={} rs485={}", options.path(), options.baud(), options.rs485());
        return null;
    }

    /** The reader starts once the link is OPEN: it reads while it stays so. */
    @Override
    protected void opened() {
        SerialPort p = port;
        Thread t = daemon(() -> readLoop(p), "osdp-serial-" + options.path() + "-reader");
        reader = t;
        t.start();
    }

    private void readLoop(SerialPort p) {
        byte[] buf = new byte[4096];
        try {
            while (isOpen()) {
                int n = p.readBytes(buf, buf.length);
                if (n < 0) {
                    if (isOpen()) drop(new IOException(label + ": read failed (" + errno(p) + ")"));
                    return;
                }
                if (n > 0) {
                    byte[] chunk = Arrays.copyOf(buf, n);
                    context().runOnContext(v -> deliver(chunk));
                }
            }
        } catch (RuntimeException e) {
            drop(new IOException(label + ": read failed: " + e, e));
        }
    }

    @Override
    protected Future<Void> send(byte[] bytes) {
        return submit(() -> {
            writeFully(bytes);
            return null;
        });
    }

    private void writeFully(byte[] bytes) throws IOException {
        SerialPort p = port;
        if (p == null || !p.isOpen()) throw new IOException(label + ": connection closed");
        int off = 0;
        while (off < bytes.length) {
            int n = p.writeBytes(bytes, bytes.length - off, off);
            if (n <= 0) {
                IOException e = new IOException(label + ": connection closed: write failed (" + errno(p) + ", n=" + n + ")");
                drop(e);
                throw e;
            }
            off += n;
        }
    }

    /** A link that broke on its own. Any thread. */
    private void drop(IOException cause) {
        if (isOpen()) log.warn("event=serial_drop port={} cause=\"{}\"", options.path(), cause.getMessage());
        dropped(cause);
    }

    /** Runs after every write queued before it, on the writer thread; also after an open still running. */
    @Override
    protected Future<Void> disconnect() {
        if (closeCalled() && port != null) log.info("event=serial_close port={}", options.path());
        try {
            writer.execute(this::release);
        } catch (RejectedExecutionException e) {
            released.tryComplete();
        }
        return onContext(released.future());
    }

    /** Runs on the writer thread, after every write queued before the link closed. */
    private void release() {
        Thread t = reader;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(READ_POLL_MS * 20L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) log.warn("event=serial_reader_stuck port={}", options.path());
        }
        SerialPort p = port;
        if (p != null && p.isOpen()) p.closePort();
        writer.shutdown();
        released.tryComplete();
    }

    /** The reader thread while the port is open, for tests that check it ends. */
    Thread readerThread() {
        return reader;
    }

    private <T> Future<T> submit(Callable<T> task) {
        Promise<T> promise = Promise.promise();
        try {
            writer.execute(() -> {
                T result;
                try {
                    result = task.call();
                } catch (Throwable t) {
                    context().runOnContext(v -> promise.fail(t));
                    return;
                }
                context().runOnContext(v -> promise.complete(result));
            });
        } catch (RejectedExecutionException e) {
            return onContext(Future.failedFuture(new IOException(label + ": connection closed")));
        }
        return promise.future();
    }

    private static String errno(SerialPort p) {
        int code = p.getLastErrorCode();
        String hint = switch (code) {
            case 2 -> " no such device";
            case 13 -> " permission denied, is the user in the dialout group?";
            case 16 -> " busy, another process has it open";
            default -> "";
        };
        return "errno=" + code + hint + " location=" + p.getLastErrorLocation();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
