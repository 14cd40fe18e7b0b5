package io.warden.gateway.cli;

import io.warden.gateway.footage.EvidenceKey;
import io.warden.gateway.footage.EvidenceVerification;
import io.warden.gateway.footage.EvidenceVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code warden evidence verify <package.zip|dir> [--key pub.pem] [--json]}: checks a downloaded
 * evidence package offline, with nothing but the package (and a pinned public key, e.g. saved from
 * {@code GET /api/v1/evidence/key}). Exit 0 when it verifies, 1 when it does not (every problem is
 * listed with its file), 2 for a bad command line, 7 when the package or key cannot be read.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = {"Check an evidence package (zip or directory) offline: every SHA256SUMS line, no missing or unlisted file,",
                "the manifest's Ed25519 signature (by the included key, and by --key when given) and each clip's SHA-256 in the",
                "signed manifest. Prints 'ok: ...' or 'FAILED: ...' and one line per problem (exit code 1)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the package verifies", "1:it does not: each problem is listed with its file", "2:bad command line",
                "7:the package or the key cannot be read"})
public final class EvidenceVerifyCommand implements Callable<Integer> {
    private static final int MAX_KEY_FILE = 64 << 10;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "The package: a .zip as downloaded, or its directory.")
    Path path;

    @Option(names = "--key", paramLabel = "FILE",
            description = "The gateway's public key (PEM) the package must be signed by; without it the included key is trusted "
                    + "and its fingerprint printed.")
    Path key;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PublicKey pinned = null;
        if (key != null) {
            try (InputStream in = Files.newInputStream(key)) {
                byte[] b = in.readNBytes(MAX_KEY_FILE + 1);
                if (b.length > MAX_KEY_FILE) throw new IOException("larger than a key file");
                pinned = EvidenceKey.parsePublicPem(new String(b, StandardCharsets.US_ASCII));
            } catch (IOException | GeneralSecurityException e) {
                err.println("warden: cannot read the key " + key + ": " + CliText.clean(String.valueOf(e.getMessage())));
                return ExitCodes.OTHER;
            }
        }
        EvidenceVerification v;
        try {
            v = EvidenceVerifier.verify(path, pinned);
        } catch (IOException | RuntimeException e) {
            err.println("warden: cannot read " + path + ": " + CliText.clean(String.valueOf(e.getMessage())));
            return ExitCodes.OTHER;
        }
        if (json) {
            out.println(v.toJson().encode());
        } else if (v.ok()) {
            out.println("ok: " + v.files() + " files; manifest signed by Ed25519 key " + v.fingerprint()
                    + (v.pinned() ? " (the pinned key)" : ""));
        } else {
            out.println("FAILED: " + v.problems().size() + (v.problems().size() == 1 ? " problem" : " problems"));
            for (EvidenceVerification.Problem p : v.problems()) {
                out.println("  " + CliText.clean(p.file()) + "  " + CliText.clean(p.reason()));
            }
        }
        out.flush();
        return v.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
