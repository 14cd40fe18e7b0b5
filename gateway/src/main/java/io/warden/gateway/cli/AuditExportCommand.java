package io.warden.gateway.cli;

import io.warden.gateway.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code warden audit export}: streams the gateway's export to standard output or a file, a buffer at a
 * time. A file is written as FILE.part and renamed when the export is complete, so a script never sees
 * half an export under the real name.
 */
@Command(name = "export", header = "Stream the audit trail as CSV or NDJSON, with the filters of 'warden audit'.")
public final class AuditExportCommand extends OperatorCommand {

    @Option(names = "--format", paramLabel = "csv|ndjson", required = true, description = "csv or ndjson.")
    String format;

    @Mixin
    AuditFilters filters;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        if (!format.equals("csv") && !format.equals("ndjson")) throw usage("--format must be csv or ndjson");
        Map<String, String> query = filters.query();
        query.put("format", format);
        if (output == null) {
            out().flush();
            copy(client, query, System.out, "standard output");
            System.out.flush();
            return ExitCodes.OK;
        }
        Path part = output.resolveSibling(output.getFileName() + ".part");
        boolean done = false;
        try {
            long bytes;
            try (OutputStream file = PrivateFiles.newOutputStream(part)) {
                bytes = copy(client, query, file, CliText.clean(part.toString()));
            }
            move(part, output);
            done = true;
            err().println("warden: exported " + bytes + " bytes to " + CliText.clean(output.toString()));
            return ExitCodes.OK;
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.OTHER, "cannot write " + CliText.clean(output.toString()) + ": " + e.getMessage());
        } finally {
            if (!done) deleteQuietly(part);
        }
    }

    /** Copies the export; a failure while reading is the gateway's (exit 5), while writing ours. */
    private static long copy(WardenClient client, Map<String, String> query, OutputStream to, String where) throws CliFailure {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = client.stream("/audit/export", query)) {
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    throw new CliFailure(ExitCodes.UNAVAILABLE, "the export broke off after " + total + " bytes: " + e.getMessage());
                }
                if (n < 0) return total;
                try {
                    to.write(buf, 0, n);
                } catch (IOException e) {
                    throw new CliFailure(ExitCodes.OTHER, "cannot write to " + where + ": " + e.getMessage());
                }
                total += n;
            }
        } catch (IOException e) {
            // closing the response stream failed: the data is already out
            return total;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the .part name already says it is incomplete
        }
    }
}
