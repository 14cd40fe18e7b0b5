package io.warden.gateway.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden footage download ID}: stream the evidence package to a file. */
@Command(name = "download", header = "Download a finished job's evidence package (zip): streamed to a file, never held in memory.",
        description = "Prints the file, its size and SHA-256. Exit 4 while the job is not finished (or add --wait); "
                + "with --wait, exit 8 when the job failed or was cancelled (there is no package).")
public final class FootageDownloadCommand extends FootageOperatorCommand {
    private static final List<byte[]> ZIP = List.of(new byte[] {'P', 'K', 3, 4}, new byte[] {'P', 'K', 5, 6});

    @Parameters(paramLabel = "ID", description = "The job's id.")
    String id;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write: a file, or a directory to put footage-ID.zip in; default footage-ID.zip here.")
    Path output;

    @Option(names = "--wait", description = "Wait until the job is finished first.")
    boolean await;

    @Mixin
    ProgressOption progress;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        FootageProgress.Mode mode = mode(progress);
        Path name = Path.of("footage-" + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".zip");
        Path file = output == null ? name : java.nio.file.Files.isDirectory(output) ? output.resolve(name) : output;
        if (await) {
            WardenClient.Reply end = new FootageProgress(client, out(), mode).follow(id);
            String status = FootageReports.status(end.json());
            if (!"done".equals(status)) {
                throw new CliFailure(ExitCodes.INCOMPLETE, "footage " + CliText.clean(id) + " ended " + status + ": there is no package"
                        + (CliText.textOrNull(end.json().get("detail")) == null ? "" : " (" + CliText.cell(end.json(), "detail") + ")"));
            }
            if (FootageReports.incomplete(end.json())) err().println("warden: some cameras failed; the package holds what was had");
        }
        WardenClient.Download d;
        try {
            d = client.download(jobPath(id) + "/package.zip", WardenClient.query(), "application/zip");
        } catch (CliFailure f) {
            if (f.exitCode() != ExitCodes.REFUSED) throw f;
            throw new CliFailure(ExitCodes.REFUSED, "footage " + CliText.clean(id) + " is not finished yet, so there is no package: "
                    + f.getMessage() + "; add --wait, or see 'warden footage show " + CliText.clean(id) + "'");
        }
        CliDownload.Saved saved = CliDownload.save(d.body(), file, "zip", ZIP);
        out().println(CliText.clean(saved.file().toString()) + "  " + saved.bytes() + " bytes  sha256 " + saved.sha256());
        out().flush();
        err().println("warden: check it offline with 'warden evidence verify " + CliText.clean(saved.file().toString()) + "'");
        return ExitCodes.OK;
    }
}
