package io.warden.adapter.api.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Tests that drive a stock npm package (a peer client, a browser driver) install it from the
 * directory's {@code package-lock.json} with {@code npm ci}, once: when {@code node_modules/<package>}
 * is already there nothing runs. Fails plainly when npm is missing or the install fails.
 */
public final class NpmCi {
    private static final long INSTALL_SECONDS = 300;

    private NpmCi() {}

    /**
     * @param dir       holds package.json and package-lock.json
     * @param marker    a package the lock file installs, e.g. {@code "onvif"}; present means installed
     * @param what      what the package is for, named in the failure
     */
    public static synchronized void ensure(Path dir, String marker, String what) throws IOException, InterruptedException {
        if (Files.isDirectory(dir.resolve("node_modules").resolve(marker))) return;
        Process p;
        try {
            p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("npm is not installed (needed to fetch " + what + "): " + e.getMessage(), e);
        }
        if (!p.waitFor(INSTALL_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("npm ci in " + dir + " did not finish within " + INSTALL_SECONDS + " s");
        }
        if (p.exitValue() != 0) throw new AssertionError("npm ci in " + dir + " failed with exit " + p.exitValue() + " (fetching " + what + ")");
    }
}
