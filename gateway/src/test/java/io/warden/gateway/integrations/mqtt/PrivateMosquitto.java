package io.warden.gateway.integrations.mqtt;

import static io.warden.adapter.api.testing.Waits.until;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the test's own (the machine's binary) on a free loopback port, with its own config file in the
 * test's directory, so a test may stop and restart it, or ask for passwords or TLS, without disturbing the shared
 * broker. It keeps nothing across a restart (no persistence): a restarted broker knows no session, subscription or
 * retained message, as after a crash, so whatever a subscriber hears afterwards was sent after the restart.
 *
 * <p>It runs as the user running the test ({@code user} in its config): started by root, Mosquitto would otherwise
 * switch to the {@code mosquitto} user, which cannot read the test's private temporary directory.
 */
final class PrivateMosquitto implements AutoCloseable {
    /** How long a test gives the bridge to come back after the broker does (its back-off is at most a few seconds here). */
    static final Duration RECONNECT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private Process process;

    private PrivateMosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Whether the {@code mosquitto} binary is installed (tests assume it). */
    static boolean installed() {
        return installed("mosquitto") != null;
    }

    /** An anonymous broker. */
    static PrivateMosquitto start(Path dir) throws IOException {
        return start(dir, List.of("allow_anonymous true"));
    }

    /**
     * A broker whose listener has {@code settings} (Mosquitto config lines: {@code allow_anonymous},
     * {@code password_file}, {@code certfile}...). Its log holds errors, warnings and notices (who connected, who
     * was refused).
     */
    static PrivateMosquitto start(Path dir, List<String> settings) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.createDirectories(dir);
        List<String> conf = new ArrayList<>(List.of("listener " + port + " 127.0.0.1", "user " + System.getProperty("user.name"),
                "persistence false", "log_dest stderr", "log_type error", "log_type warning", "log_type notice"));
        conf.addAll(settings);
        Files.write(dir.resolve("mosquitto.conf"), conf);
        PrivateMosquitto m = new PrivateMosquitto(dir, port);
        m.restart();
        return m;
    }

    /** A {@code password_file} in {@code dir} for {@code users} (name → password), made by {@code mosquitto_passwd -b}. */
    static Path passwordFile(Path dir, Map<String, String> users) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve("passwords");
        Files.writeString(file, "");
        String tool = installed("mosquitto_passwd");
        if (tool == null) throw new IOException("mosquitto_passwd is not installed");
        for (Map.Entry<String, String> u : users.entrySet()) {
            Process p = new ProcessBuilder(tool, "-b", file.toString(), u.getKey(), u.getValue()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("mosquitto_passwd failed: " + out);
        }
        return file;
    }

    int port() {
        return port;
    }

    /** What the broker has logged so far. */
    String log() throws IOException {
        Path log = dir.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Starts it (again) on the same port; returns once it accepts connections. */
    void restart() throws IOException {
        String binary = installed("mosquitto");
        process = new ProcessBuilder(binary == null ? "mosquitto" : binary, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        until(() -> {
            if (!process.isAlive()) throw new AssertionError("mosquitto exited: " + log());
            return accepts();
        }, "private mosquitto on port " + port);
    }

    /** Stops it (SIGTERM) and waits until it is gone. */
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

    /** The installed program's path, or null. */
    private static String installed(String program) {
        for (String d : List.of("/usr/sbin/", "/usr/bin/", "/usr/local/sbin/", "/usr/local/bin/")) {
            if (Files.isExecutable(Path.of(d + program))) return d + program;
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
