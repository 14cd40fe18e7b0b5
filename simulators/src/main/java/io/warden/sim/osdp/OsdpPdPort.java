package io.warden.sim.osdp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.warden.osdp.codec.OsdpFramer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One way into the simulated line (a TCP connection, a serial device, a loopback transport): its
 * own command framer, and a transmitter that can pace bytes at the line's baud rate.
 *
 * <p>Pacing: a pty or socket delivers a frame at once, a real RS-485 line at 10 bits per byte. When
 * {@code paceBaud > 0} the bytes go out in slices of about 10 ms, each written when the line would
 * have finished sending it ({@code bytes x 10 / baud} seconds), using Vert.x timers.
 *
 * <p>Inter-character timeout: when more than {@code interCharNanos} pass between two chunks while a
 * partial frame is buffered, the partial frame is dropped, as an RS-485 receiver does.
 *
 * <p>Line context only.
 */
final class OsdpPdPort {
    private static final Logger log = LoggerFactory.getLogger(OsdpPdPort.class);

    private final String name;
    private final Vertx vertx;
    private final Function<byte[], Future<Void>> writer;
    private final OsdpFramer framer;
    private final int paceBaud;
    private final long interCharNanos;
    private final ArrayDeque<Slice> txQueue = new ArrayDeque<>();
    private long lastRxNanos;
    private boolean txBusy;
    private boolean closed;

    OsdpPdPort(String name, Vertx vertx, Function<byte[], Future<Void>> writer, int maxFrame, int paceBaud,
               long interCharNanos) {
        this.name = name;
        this.vertx = vertx;
        this.writer = writer;
        this.framer = new OsdpFramer(OsdpFramer.Accept.COMMANDS, maxFrame);
        this.paceBaud = paceBaud;
        this.interCharNanos = interCharNanos;
    }

    String name() {
        return name;
    }

    /** Feeds received bytes and returns every complete, check-valid command frame, in order. */
    List<OsdpFramer.Frame> feed(byte[] chunk, long nowNanos) {
        if (interCharNanos > 0 && framer.buffered() > 0 && nowNanos - lastRxNanos > interCharNanos) {
            log.debug("event=pd_rx_gap port={} dropped={}", name, framer.buffered());
            framer.reset();
        }
        lastRxNanos = nowNanos;
        framer.feed(chunk, 0, chunk.length);
        List<OsdpFramer.Frame> frames = new ArrayList<>(1);
        for (OsdpFramer.Outcome o = framer.next(); !(o instanceof OsdpFramer.NeedMore); o = framer.next()) {
            if (o instanceof OsdpFramer.Frame f) {
                frames.add(f);
            } else if (o instanceof OsdpFramer.Rejected r) {
                // libosdp's PD stays silent on a bad frame; the CP times out and retries.
                log.debug("event=pd_rx_rejected port={} dropped={} reason=\"{}\"", name, r.droppedBytes(), r.reason());
            }
        }
        return frames;
    }

    /** Part of a reply, and what to run as it is written (with the reply's last slice only). */
    private record Slice(byte[] bytes, Runnable written) {}

    /**
     * Sends {@code bytes} after everything queued before, paced when configured; {@code written} runs
     * as the last byte is handed to the transport (just before, so its time is never later than the
     * other end's arrival): when paced, the instant a real line would have finished sending it.
     */
    void send(byte[] bytes, Runnable written) {
        if (closed) return;
        if (paceBaud <= 0) {
            written.run();
            write(bytes);
            return;
        }
        int slice = Math.max(1, paceBaud / 1000);
        for (int off = 0; off < bytes.length; off += slice) {
            int end = Math.min(bytes.length, off + slice);
            txQueue.add(new Slice(Arrays.copyOfRange(bytes, off, end), end == bytes.length ? written : null));
        }
        pump();
    }

    void close() {
        closed = true;
        txQueue.clear();
        framer.reset();
    }

    private void pump() {
        if (txBusy || closed || txQueue.isEmpty()) return;
        Slice slice = txQueue.poll();
        txBusy = true;
        long millis = Math.max(1, (slice.bytes().length * 10_000L + paceBaud - 1) / paceBaud);
        vertx.setTimer(millis, id -> {
            txBusy = false;
            if (closed) return;
            if (slice.written() != null) slice.written().run();
            write(slice.bytes());
            pump();
        });
    }

    private void write(byte[] bytes) {
        writer.apply(bytes).onFailure(e -> log.debug("event=pd_tx_failed port={} error=\"{}\"", name, e.getMessage()));
    }
}
