package io.warden.gateway.cli;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code warden snapshot CAMERA}: one JPEG from a camera, written to a file (the gateway audits it). */
@Command(name = "snapshot", header = "Save a JPEG snapshot from a camera (audited as camera.snapshot); print the file and its size.")
public final class SnapshotCommand extends OperatorCommand {
    private static final List<byte[]> JPEG = List.of(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT);

    @Parameters(paramLabel = "CAMERA", description = "The camera's id.")
    String camera;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write; default CAMERA-<UTC time>.jpg here.")
    Path output;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        Path file = output != null ? output : Path.of(camera.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".jpg");
        WardenClient.Download d = client.download("/cameras/" + WardenClient.seg(camera) + "/snapshot", WardenClient.query(), "image/jpeg");
        if (!"image/jpeg".equals(d.contentType())) {
            d.discard();
            throw new CliFailure(ExitCodes.OTHER, "the gateway answered " + (d.contentType().isEmpty() ? "without a content type"
                    : CliText.clean(d.contentType())) + ", not a JPEG; nothing written");
        }
        CliDownload.Saved saved = CliDownload.save(d.body(), file, "JPEG", JPEG);
        out().println(CliText.clean(saved.file().toString()) + "  " + saved.bytes() + " bytes");
        out().flush();
        return ExitCodes.OK;
    }
}
