package io.warden.sim.osdp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.warden.osdp.codec.OsdpCodes;
import io.warden.osdp.codec.OsdpFramer;
import io.warden.osdp.transport.OsdpSerialOptions;
import io.warden.osdp.transport.OsdpSerialTransport;
import io.warden.osdp.transport.OsdpTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated RS-485 OSDP line with one or more PDs, each on its own address, answering like
 * libosdp's PD (see {@link OsdpPdLink}). It reuses the project's codec in the PD role: commands
 * are framed by {@link OsdpFramer} and replies built by {@code OsdpFrameCodec} and the secure
 * channel classes.
 *
 * <p><b>Routing.</b> A frame for an address no PD has is ignored. A broadcast (0x7F) is run by
 * every PD, but only the first PD in configuration order answers (reply address 0xFF), because
 * on a real bus several answers would collide. Frames with a bad CRC or checksum get no answer.
 *
 * <p><b>Threading.</b> The simulator is a verticle: {@link #start(Vertx, Options, List)} deploys it
 * and its context is the line's. Received bytes, PD state, timers and replies all run on it;
 * the public methods here and on {@link OsdpSimulatedPd} may be called from any thread.
 *
 * <p><b>Ports.</b> TCP ({@link #serveTcp}), a serial device or pty ({@link #serveSerial}) and any
 * {@link OsdpTransport} ({@link #serveTransport}) can be served at once; each reply goes back
 * through the port its command came from. TCP accepts several connections at once, like a serial
 * device server that several control panels were pointed at by mistake: the line is one bus, so
 * the PDs answer whoever addressed them (on that connection). A CP that reconnects after a network
 * fault is therefore never locked out by a half-open socket.
 *
 * <p><b>Two control panels.</b> A frame arriving on a TCP connection after a frame arrived on a
 * NEWER connection (opened later) means two CPs drive the line: each such frame is counted
 * ({@link #cpConflicts()}) and {@code event=pd_sim_two_cps} is logged once per episode (conflicts
 * with less than {@link #CONFLICT_EPISODE_GAP} between them). A CP that reconnects is no conflict:
 * its old connection falls silent.
 */
public final class OsdpPdSimulator extends VerticleBase {
    private static final Logger log = LoggerFactory.getLogger(OsdpPdSimulator.class);

    /**
     * Line settings.
     *
     * @param pace             whether replies are paced at {@code baud} (bytes x 10 / baud)
     * @param baud             the rate used for pacing on TCP and loopback ports; a serial port
     *                         paces at its own rate
     * @param interCharTimeout a partial frame is dropped after this gap between bytes; zero disables
     */
    public record Options(boolean pace, int baud, Duration interCharTimeout) {
        /** No pacing, 9600 baud, 50 ms inter-character timeout. */
        public static final Options DEFAULT = new Options(false, 9600, Duration.ofMillis(50));

        public Options {
            if (baud <= 0) throw new IllegalArgumentException("line.baud must be positive: " + baud);
            Objects.requireNonNull(interCharTimeout, "line.interCharTimeout");
        }
    }

    /** Conflicts further apart than this are separate episodes, each logged. */
    public static final Duration CONFLICT_EPISODE_GAP = Duration.ofSeconds(2);

    private final Options options;
    private final List<OsdpSimulatedPd> pds = new ArrayList<>();
    private final List<OsdpTransport> transports = new ArrayList<>();
    private final List<OsdpPdPort> ports = new ArrayList<>();
    private final List<OsdpPdConfig> configs;
    private NetServer tcpServer;
    /** TCP ports by the order their connections were opened (1, 2, ...). */
    private final Map<OsdpPdPort, Long> tcpOrder = new IdentityHashMap<>();
    private long tcpOpened;
    /** The newest connection a frame has arrived on, 0 before any. */
    private long newestHeard;
    private long lastConflictNanos;
    private boolean conflictLogged;
    private final AtomicLong cpConflicts = new AtomicLong();

    private OsdpPdSimulator(Options options, List<OsdpPdConfig> configs) {
        this.options = Objects.requireNonNull(options, "options");
        if (configs.isEmpty()) throw new IllegalArgumentException("line needs at least one PD");
        HashSet<Integer> seen = new HashSet<>();
        for (OsdpPdConfig c : configs) {
            if (!seen.add(c.address())) throw new IllegalArgumentException("pd.address " + c.address() + " used twice");
        }
        this.configs = List.copyOf(configs);
    }

    /** Deploys a line with {@link Options#DEFAULT}. */
    public static Future<OsdpPdSimulator> start(Vertx vertx, OsdpPdConfig... pds) {
        return start(vertx, Options.DEFAULT, List.of(pds));
    }

    /**
     * Deploys a line on its own event-loop context. Serve it with {@link #serveTcp},
     * {@link #serveSerial} or {@link #serveTransport}.
     *
     * @return fails with IllegalArgumentException when two PDs share an address or the list is empty
     */
    public static Future<OsdpPdSimulator> start(Vertx vertx, Options options, List<OsdpPdConfig> pds) {
        OsdpPdSimulator sim;
        try {
            sim = new OsdpPdSimulator(options, pds);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return vertx.deployVerticle(sim).map(id -> sim);
    }

    @Override
    public Future<?> start() {
        for (OsdpPdConfig c : configs) {
            OsdpSimulatedPd pd = new OsdpSimulatedPd(vertx, c, System::nanoTime);
            pd.attach(context);
            synchronized (pds) {
                pds.add(pd);
            }
            log.info("event=pd_sim_pd address={} {}", c.address(), c);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        return onLine(() -> {
            List<Future<Void>> closing = new ArrayList<>();
            ports.forEach(OsdpPdPort::close);
            pds.forEach(OsdpSimulatedPd::closeTimers);
            transports.forEach(t -> closing.add(t.close()));
            if (tcpServer != null) closing.add(tcpServer.close());
            log.info("event=pd_sim_closed");
            return Future.join(closing).<Void>mapEmpty().recover(e -> Future.succeededFuture());
        });
    }

    /** The PD answering on {@code address}, or null. Any thread. */
    public OsdpSimulatedPd pd(int address) {
        for (OsdpSimulatedPd pd : pds()) if (pd.address() == address) return pd;
        return null;
    }

    /** Every PD on the line, in configuration order. Any thread. */
    public List<OsdpSimulatedPd> pds() {
        synchronized (pds) {
            return List.copyOf(pds);
        }
    }

    /**
     * Frames that arrived on a TCP connection after a frame had arrived on a newer one: each is a
     * frame of a second control panel on the line. Zero on a healthy line. Any thread.
     */
    public long cpConflicts() {
        return cpConflicts.get();
    }

    /**
     * Listens for a CP over TCP (raw OSDP frames, no extra header). Several connections may be open
     * at once; each is answered on itself, and frames from an older one after a newer one spoke are
     * counted as {@link #cpConflicts()}.
     *
     * @param port TCP port, 0 for any free port
     * @return the bound port; fails when the address is in use or not local
     */
    public Future<Integer> serveTcp(String host, int port) {
        return onLine(() -> {
            if (tcpServer != null) return Future.failedFuture(new IllegalStateException("already serving TCP"));
            NetServer server = vertx.createNetServer().connectHandler(this::tcpConnected);
            return server.listen(port, host).map(s -> {
                tcpServer = s;
                log.info("event=pd_sim_listen transport=tcp host={} port={}", host, s.actualPort());
                return s.actualPort();
            });
        });
    }

    /**
     * Opens a serial device or pty through {@link OsdpSerialTransport} and answers on it. With
     * {@link Options#pace()} replies are paced at {@code baud}.
     *
     * @return fails when the device cannot be opened (the message names the path) or the rate is
     *         not an OSDP rate
     */
    public Future<Void> serveSerial(String path, int baud) {
        OsdpSerialTransport transport;
        try {
            transport = new OsdpSerialTransport(vertx, OsdpSerialOptions.of(path, baud));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        return serve(transport, baud);
    }

    /** Answers on an already created, not yet opened transport (loopback for tests, or any other). */
    public Future<Void> serveTransport(OsdpTransport transport) {
        return serve(transport, options.baud());
    }

    /** Stops serving, closes every port and cancels every timer. Idempotent. */
    public Future<Void> close() {
        String id = deploymentID();
        if (id == null || !vertx.deploymentIDs().contains(id)) return Future.succeededFuture();
        return vertx.undeploy(id).recover(e -> Future.succeededFuture());
    }

    private Future<Void> serve(OsdpTransport transport, int baud) {
        return onLine(() -> {
            OsdpPdPort port = newPort(transport.describe(), transport::write, baud);
            transport.handler(bytes -> received(port, bytes));
            transport.closedHandler(e -> {
                log.info("event=pd_sim_port_dropped port=\"{}\" error=\"{}\"", transport.describe(), e.getMessage());
                port.close();
            });
            transports.add(transport);
            return transport.open().onSuccess(v -> log.info("event=pd_sim_listen transport=\"{}\" pace={} baud={}",
                    transport.describe(), options.pace(), baud));
        });
    }

    private void tcpConnected(NetSocket socket) {
        // Handlers are set here, before any hop, so no bytes arrive without one.
        OsdpPdPort port = new OsdpPdPort("tcp " + socket.remoteAddress(), vertx, b -> socket.write(Buffer.buffer(b)),
                maxFrame(), options.pace() ? options.baud() : 0, options.interCharTimeout().toNanos());
        socket.handler(buf -> onLine(() -> received(port, buf.getBytes())));
        socket.closeHandler(v -> onLine(() -> {
            port.close();
            ports.remove(port);
            tcpOrder.remove(port);
            log.info("event=pd_sim_tcp_closed peer={}", socket.remoteAddress());
        }));
        onLine(() -> {
            ports.add(port);
            tcpOrder.put(port, ++tcpOpened);
            log.info("event=pd_sim_tcp_connected peer={} connection={} open={}", socket.remoteAddress(), tcpOpened, tcpOrder.size());
        });
    }

    /** Counts a frame from an older TCP connection after a newer one spoke: a second CP on the line. */
    private void noteSender(OsdpPdPort port, long now) {
        Long order = tcpOrder.get(port);
        if (order == null) return;
        if (order >= newestHeard) {
            newestHeard = order;
            return;
        }
        long total = cpConflicts.incrementAndGet();
        if (!conflictLogged || now - lastConflictNanos > CONFLICT_EPISODE_GAP.toNanos()) {
            log.warn("event=pd_sim_two_cps port=\"{}\" connection={} newer_connection={} conflicts={}", port.name(), order, newestHeard, total);
        }
        conflictLogged = true;
        lastConflictNanos = now;
    }

    private OsdpPdPort newPort(String name, Function<byte[], Future<Void>> writer, int baud) {
        OsdpPdPort port = new OsdpPdPort(name, vertx, writer, maxFrame(), options.pace() ? baud : 0,
                options.interCharTimeout().toNanos());
        ports.add(port);
        return port;
    }

    private int maxFrame() {
        return configs.stream().mapToInt(OsdpPdConfig::receiveBuffer).max().orElse(256);
    }

    private void received(OsdpPdPort port, byte[] bytes) {
        for (OsdpFramer.Frame frame : port.feed(bytes, System.nanoTime())) {
            noteSender(port, System.nanoTime());
            int address = frame.frame().address();
            byte[] reply = null;
            OsdpSimulatedPd from = null;
            long delay = 0;
            for (OsdpSimulatedPd pd : pds) {
                if (pd.address() != address && address != OsdpCodes.BROADCAST) continue;
                byte[] r = pd.link().receive(frame);
                if (r != null && (reply == null || address != OsdpCodes.BROADCAST)) {
                    reply = r;
                    from = pd;
                    delay = pd.faults().delayMillis();
                }
            }
            if (reply == null) continue;
            byte[] out = reply;
            OsdpSimulatedPd sender = from;
            if (delay > 0) vertx.setTimer(delay, id -> port.send(out, () -> sender.replySent(out)));
            else port.send(out, () -> sender.replySent(out));
        }
    }

    /** Runs {@code action} on the line's context, directly when already there. */
    private <T> Future<T> onLine(Callable<Future<T>> action) {
        Context ctx = context;
        if (ctx == null) return Future.failedFuture(new IllegalStateException("simulator not started"));
        if (Vertx.currentContext() == ctx) return call(action);
        Promise<T> promise = Promise.promise();
        ctx.runOnContext(v -> call(action).onComplete(promise));
        return promise.future();
    }

    private void onLine(Runnable action) {
        onLine(() -> {
            action.run();
            return Future.succeededFuture();
        });
    }

    private static <T> Future<T> call(Callable<Future<T>> action) {
        try {
            return action.call();
        } catch (Exception e) {
            return Future.failedFuture(e);
        }
    }
}
