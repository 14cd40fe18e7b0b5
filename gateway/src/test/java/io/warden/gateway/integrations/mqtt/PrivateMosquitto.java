package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.until;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the test's own (the machine's binary) on a free loopback port, with its own config file and
 * persistence directory, so a test may stop and restart it without disturbing the shared broker. Stopped with
 * SIGTERM, so it saves its store (persistent sessions and retained messages) as a real broker does.
 */
final class PrivateMosquitto implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private PrivateMosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Whether the {@code mosquitto} binary is installed (tests assume it). */
    static boolean installed() {
        for (String p : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(p))) return true;
        }
        return false;
    }

    static PrivateMosquitto start(Path dir) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("mosquitto.conf"), """
                listener %d 127.0.0.1
                allow_anonymous true
                persistence true
                persistence_location %s/
                log_dest stderr
                log_type error
                log_type warning
                """.formatted(port, dir.resolve("data")));
        PrivateMosquitto m = new PrivateMosquitto(dir, port);
        m.restart();
        return m;
    }

    int port() {
        return port;
    }

    /** Starts it (again) on the same port; returns once it accepts connections. */
    void restart() throws IOException {
        process = new ProcessBuilder(binary(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        until(() -> {
            if (!process.isAlive()) throw new AssertionError("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            return accepts();
        }, "private mosquitto on port " + port);
    }

    /** Stops it (SIGTERM: it saves its store) and waits until it is gone. */
    void stop() throws InterruptedException {
        if (process == null) return;
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String binary() {
        for (String p : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        return "mosquitto";
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** How long a test gives the bridge to come back after the broker does (its back-off is at most a few seconds here). */
    static final Duration RECONNECT = Duration.ofSeconds(30);
}
