package io.warden.gateway.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One gateway node as its own JVM: {@code java -cp <test classpath> io.warden.gateway.WardenMain serve
 * --config FILE [extra args]}. Its stdout and stderr go to {@code <name>.log} beside the config (read by a
 * daemon thread, which also learns the API port from the "Warden listening on" line), so a failing test can
 * show the node's last lines. {@link #kill()} is kill -9, {@link #pause()} / {@link #resume()} are SIGSTOP /
 * SIGCONT. Blocking; use it from test threads.
 */
public final class GatewayProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Warden listening on https?://[^:/]+:(\\d+)/api/v1");

    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private GatewayProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <jvmArgs> ... warden serve --config config <extraArgs>} with {@code env} added to this JVM's environment; returns
     * at once (see {@link #awaitListening}).
     */
    public static GatewayProcess start(String name, Path config, Map<String, String> env, List<String> jvmArgs, List<String> extraArgs)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + System.getProperty("warden.node.logLevel", "info")));
        cmd.addAll(hazelcastJvmArgs());
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", classpath(), "io.warden.gateway.WardenMain", "serve", "--config", config.toString()));
        cmd.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(config.getParent().toFile());
        pb.environment().putAll(env);
        Path log = config.resolveSibling(name + ".log");
        GatewayProcess p = new GatewayProcess(name, pb.start(), log);
        p.pumpOutput();
        return p;
    }

    /** Waits for the "Warden listening on" line and returns the API port; fails early, with the log, if the node exits. */
    public int awaitListening(Duration within) throws Exception {
        try {
            return port.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + " did not listen within " + within + "; last output:\n" + tail(40));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError(name + " exited before listening (" + e.getCause().getMessage() + "); last output:\n" + tail(40));
        }
    }

    /** The API port, once listening; -1 before. */
    public int port() {
        return port.getNow(-1);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** kill -9: no shutdown hook runs, leases are not released, the data directory is left as a crash leaves it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) throw new AssertionError(name + " survived kill -9");
    }

    /** SIGSTOP: the JVM freezes mid-whatever (timers, renewals, writes); its sockets stay open. */
    public void pause() throws Exception {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws Exception {
        signal("CONT");
    }

    /** SIGTERM and wait (the node's shutdown hook stops it cleanly), else kill -9. Idempotent. */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) return;
        signal("CONT"); // a paused JVM cannot run its shutdown hook
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) kill();
    }

    /** The process's exit code, once it has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The last {@code lines} lines the node printed. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Every line the node printed so far. */
    public List<String> output() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    private void signal(String sig) throws Exception {
        if (!process.isAlive()) return;
        Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed: " + new String(kill.getInputStream().readAllBytes()));
        }
    }

    private void pumpOutput() throws IOException {
        Files.writeString(log, "", StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.APPEND), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException e) {
                // the process ended; what was read is in the log
            } finally {
                port.completeExceptionally(new IllegalStateException("exit code " + exitCodeOrRunning()));
            }
        }, "node-output-" + name);
        t.setDaemon(true);
        t.start();
    }

    private String exitCodeOrRunning() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            return process.isAlive() ? "(still running, output closed)" : Integer.toString(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /**
     * The module access Hazelcast needs on Java 17, as the jar's manifest grants it ({@code Add-Opens}): the
     * pom's {@code hazelcast.jvm.args}, which surefire and the bench profile pass as a system property of that
     * name; else (a run outside Maven) the {@code --add-opens} / {@code --add-exports} this JVM was started with.
     */
    static List<String> hazelcastJvmArgs() {
        String fromPom = System.getProperty("hazelcast.jvm.args", "").trim();
        if (!fromPom.isEmpty()) return List.of(fromPom.split("\\s+"));
        List<String> own = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            String a = own.get(i);
            if ((a.equals("--add-opens") || a.equals("--add-exports")) && i + 1 < own.size()) {
                out.add(a);
                out.add(own.get(++i));
            } else if (a.startsWith("--add-opens=") || a.startsWith("--add-exports=")) {
                out.add(a);
            }
        }
        return out;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The classpath this JVM's tests run with: under exec:java (the benches) the context class loader's
     * URLs, since java.class.path is Maven's own there; under surefire java.class.path, which it sets to
     * the test classpath.
     */
    static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = Thread.currentThread().getContextClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: not for a child JVM
                    }
                }
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) entries.add(e);
        }
        return String.join(File.pathSeparator, entries);
    }
}
