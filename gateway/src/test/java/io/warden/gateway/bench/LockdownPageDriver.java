package io.warden.gateway.bench;

import io.vertx.core.json.JsonObject;
import io.warden.adapter.api.testing.NpmCi;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The console's Lockdown page in Chromium: {@code src/test/browser/lockdown-bench.mjs} under node, signed in
 * with the demo sign-in, one round per {@link #lockDown} (see the script for what it times). Blocking; one
 * round at a time. {@link #close} ends node, which closes its Chromium.
 */
final class LockdownPageDriver implements AutoCloseable {
    private final Process node;
    private final BufferedReader out;
    private final Writer in;

    private LockdownPageDriver(Process node) {
        this.node = node;
        this.out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Starts node against {@code gatewayUrl}, signed in as {@code role}; returns once the page is signed in. */
    static LockdownPageDriver start(Path browserDir, String gatewayUrl, String role) throws IOException, InterruptedException {
        NpmCi.ensure(browserDir, "playwright-core", "playwright-core, which drives Chromium");
        ProcessBuilder pb = new ProcessBuilder("node", "lockdown-bench.mjs").directory(browserDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("GATEWAY_URL", gatewayUrl);
        pb.environment().put("BENCH_ROLE", role);
        LockdownPageDriver d = new LockdownPageDriver(pb.start());
        String first = d.out.readLine();
        if (!"READY".equals(first)) {
            d.close();
            throw new IllegalStateException("the lockdown page driver did not start (first line: " + first + "; its stderr is above)");
        }
        return d;
    }

    /** Presses "Lock down {@code label}" and confirms; answers the script's timings once all {@code doors} rows are final. */
    JsonObject lockDown(String label, int doors) throws IOException {
        in.write(new JsonObject().put("label", label).put("doors", doors).put("timeoutMs", GatewayBenchRig.WAIT.toMillis()).encode() + "\n");
        in.flush();
        for (String line; (line = out.readLine()) != null; ) {
            if (!line.startsWith("RESULT ")) {
                System.err.println("node: " + line);
                continue;
            }
            JsonObject r = new JsonObject(line.substring("RESULT ".length()));
            if (!r.getBoolean("ok")) throw new IllegalStateException("browser lockdown of " + label + ": " + r.getString("error"));
            return r;
        }
        throw new IllegalStateException("the lockdown page driver ended (exit " + exitCode() + "; its stderr is above)");
    }

    private String exitCode() {
        try {
            return node.waitFor(10, TimeUnit.SECONDS) ? String.valueOf(node.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    @Override
    public void close() {
        try {
            in.close(); // end of input: the script closes Chromium and exits
            if (node.waitFor(30, TimeUnit.SECONDS)) return;
        } catch (IOException | InterruptedException e) {
            // ended below
        }
        node.descendants().forEach(ProcessHandle::destroyForcibly); // its Chromium
        node.destroyForcibly();
    }
}
