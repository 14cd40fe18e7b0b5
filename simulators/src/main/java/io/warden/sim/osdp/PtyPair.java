package io.warden.sim.osdp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two linked pseudo-terminals, made by {@code socat}, standing in for a serial cable in tests and
 * the demo (test and demo support: it lives here, beside the simulators, not in the adapter the
 * gateway runs in production): bytes written to one end come out of the other. The ends are symlinks {@code DIR/a}
 * and {@code DIR/b} to the {@code /dev/pts/N} devices; open them with
 * {@link io.warden.osdp.transport.OsdpSerialTransport}. A pty ignores the baud rate and has no RS-485 mode.
 *
 * <p>Blocking: {@link #open} waits up to {@link #START_TIMEOUT} for socat, {@link #close()} up to
 * a few seconds for it to exit. Call them from a test thread or a worker, not an event loop.
 */
public final class PtyPair implements AutoCloseable {
    /** How long {@link #open} waits for both links to appear. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(PtyPair.class);

    private final Process socat;
    private final Path a;
    private final Path b;
    private final Path logFile;

    private PtyPair(Process socat, Path a, Path b, Path logFile) {
        this.socat = socat;
        this.a = a;
        this.b = b;
        this.logFile = logFile;
    }

    /**
     * Starts {@code socat -d -d pty,raw,echo=0,link=DIR/a pty,raw,echo=0,link=DIR/b} and waits,
     * polling, until both links resolve to a device. socat runs in a session of its own (through
     * {@code setsid}, when there is one), so a terminal's Ctrl-C reaches only this JVM, which can then
     * close its ports before it stops socat, rather than see the line vanish under them.
     *
     * @param dir an existing directory for the two links and {@code socat.log}; it must not
     *     already hold links named {@code a} or {@code b}
     * @throws IOException when socat is not installed ("socat not found: apt-get install socat"),
     *     exits early or the links do not appear in time; the message includes socat's output
     */
    public static PtyPair open(Path dir) throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path logFile = dir.resolve("socat.log");
        List<String> command = new ArrayList<>();
        if (onPath("setsid")) {
            // setsid would report a missing socat only as its own exit status: say it plainly first.
            if (!onPath("socat")) throw new IOException("socat not found: apt-get install socat");
            command.add("setsid");
        }
        command.addAll(List.of("socat", "-d", "-d", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            // ProcessBuilder reports a missing executable as "error=2, No such file or directory".
            String why = String.valueOf(e.getMessage()).contains("error=2") ? "socat not found: apt-get install socat" : "cannot start socat";
            throw new IOException(why + " (" + e.getMessage() + ")", e);
        }
        PtyPair pair = new PtyPair(process, a, b, logFile);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // Files.exists follows the link, so it is true only once socat has created the pty behind it.
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!process.isAlive()) {
                throw new IOException("socat exited with status " + process.exitValue() + ": " + pair.socatLog());
            }
            if (System.nanoTime() > deadline) {
                pair.close();
                throw new IOException("socat did not create " + a + " and " + b + " within " + START_TIMEOUT + ": " + pair.socatLog());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pair.close();
                throw new IOException("interrupted while waiting for socat", e);
            }
        }
        log.info("event=pty_pair_open a={} b={} pid={}", a, b, process.pid());
        return pair;
    }

    /** The first end, a symlink to a {@code /dev/pts/N} device. */
    public Path a() {
        return a;
    }

    /** The second end, a symlink to a {@code /dev/pts/N} device. */
    public Path b() {
        return b;
    }

    /** Whether socat is still running; the ends work only while it is. */
    public boolean isAlive() {
        return socat.isAlive();
    }

    /**
     * Stops socat (SIGTERM, then SIGKILL after two seconds). Ports still open on either end see
     * a read error, which {@link OsdpSerialTransport} reports as a drop. Idempotent.
     */
    @Override
    public void close() {
        if (socat.isAlive()) {
            socat.destroy();
            try {
                if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                    socat.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                socat.destroyForcibly();
            }
            log.info("event=pty_pair_close a={} b={}", a, b);
        }
        try {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        } catch (IOException e) {
            log.debug("event=pty_link_delete_failed dir={} cause=\"{}\"", a.getParent(), e.getMessage());
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    private String socatLog() {
        try {
            return Files.readString(logFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no socat output: " + e.getMessage() + ")";
        }
    }
}
