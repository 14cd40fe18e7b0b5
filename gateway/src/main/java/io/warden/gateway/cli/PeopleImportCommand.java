package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.warden.gateway.people.ImportFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code warden people import FILE}: sends a roster to the gateway and prints what it changes (or, with
 * {@code --dry-run}, would change) and every problem with its file, line and column. FILE is a OneRoster
 * zip, a directory of OneRoster CSV files, a {@code users.csv} (sent with the OneRoster files beside it), or a
 * plain CSV. From a directory only the files the import reads ({@link ImportFiles#ONEROSTER_FILES}) are sent. Files with problems change nothing; the exit code is then 7.
 */
@Command(name = "import", header = "Import people from a OneRoster export (zip, directory, users.csv) or a plain CSV.")
public final class PeopleImportCommand extends OperatorCommand {
    static final int UNPROCESSABLE = 422;

    @Parameters(paramLabel = "FILE", description = "A OneRoster .zip, a directory of OneRoster CSVs, a users.csv with its siblings, or a plain CSV.")
    Path file;

    @Option(names = "--dry-run", description = "Report what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--format", paramLabel = "oneroster|csv", description = "Default: oneroster for a zip, a directory or users.csv; csv otherwise.")
    String format;

    @Option(names = "--partial", description = "The files are not the whole roster: suspend nobody who is missing from them.")
    boolean partial;

    @Mixin
    JsonOption json;

    /** What goes over the wire. */
    record Upload(String type, byte[] body, String format) {}

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        if (format != null && !format.equals("oneroster") && !format.equals("csv")) throw usage("--format must be oneroster or csv");
        Upload upload = upload();
        Map<String, String> query = WardenClient.query("format", format == null ? upload.format() : format,
                "dryRun", dryRun ? "true" : null, "fullSync", partial ? "false" : null);
        WardenClient.Reply reply = client.upload("/people/import", query, upload.type(), upload.body(), UNPROCESSABLE);
        boolean refused = reply.status() == UNPROCESSABLE;
        if (json.on) {
            printRaw(reply);
        } else {
            print(refused ? reply.json().path("report") : reply.json());
        }
        if (refused) {
            err().println("warden: " + CliText.cell(reply.json(), "detail"));
            return ExitCodes.forStatus(UNPROCESSABLE);
        }
        return ExitCodes.OK;
    }

    private Upload upload() throws CliFailure {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (Files.isDirectory(file)) return new Upload("application/zip", zip(csvFiles(file)), "oneroster");
            if (!Files.isRegularFile(file)) throw new CliFailure(ExitCodes.USAGE, "no such file: " + CliText.clean(file.toString()));
            if (name.endsWith(".zip")) return new Upload("application/zip", Files.readAllBytes(file), "oneroster");
            if (name.equals("users.csv") && !"csv".equals(format)) {
                Path dir = file.toAbsolutePath().getParent();
                return new Upload("application/zip", zip(csvFiles(dir)), "oneroster");
            }
            return new Upload("text/csv", Files.readAllBytes(file), "csv");
        } catch (IOException e) {
            throw new CliFailure(ExitCodes.OTHER, "cannot read " + CliText.clean(file.toString()) + ": " + CliText.clean(String.valueOf(e.getMessage())));
        }
    }

    private static List<Path> csvFiles(Path dir) throws IOException, CliFailure {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            // Only what the import reads: an export's demographics and the like are not sent.
            s.filter(p -> Files.isRegularFile(p) && ImportFiles.ONEROSTER_FILES.contains(p.getFileName().toString().toLowerCase(Locale.ROOT)))
                    .sorted()
                    .forEach(out::add);
        }
        if (out.stream().noneMatch(p -> p.getFileName().toString().equalsIgnoreCase("users.csv"))) {
            throw new CliFailure(ExitCodes.USAGE, "no users.csv in " + CliText.clean(dir.toString()) + ": not a OneRoster export");
        }
        return out;
    }

    /** The files, zipped in memory under their own names. */
    static byte[] zip(List<Path> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path f : files) {
                zip.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private void print(JsonNode r) {
        boolean applied = r.path("applied").asBoolean();
        out().println((applied ? "Imported" : dryRun ? "Dry run, nothing changed" : "Nothing changed") + " (" + CliText.cell(r, "format") + "): "
                + r.path("added").size() + " added, " + r.path("changed").size() + " changed, " + r.path("suspended").size() + " suspended, "
                + r.path("unchanged").asInt() + " unchanged" + (r.path("skipped").asInt() > 0 ? ", " + r.path("skipped").asInt()
                + " not imported (guardians and other roles without access)" : ""));
        TextTable changes = new TextTable("CHANGE", "ID", "NAME", "FIELDS");
        for (String kind : List.of("added", "changed", "suspended")) {
            for (JsonNode c : r.path(kind)) {
                changes.row(kind, CliText.cell(c, "person"), CliText.cell(c, "name"), PersonCommand.joined(c.path("fields"), null));
            }
        }
        changes.print(out());
        TextTable problems = new TextTable("WHERE", "COLUMN", "PROBLEM");
        for (JsonNode p : r.path("problems")) {
            int line = p.path("line").asInt();
            problems.row(CliText.cell(p, "file") + (line > 0 ? ":" + line : ""), CliText.cell(p, "column"), CliText.cell(p, "message"));
        }
        if (problems.size() > 0) out().println();
        problems.print(out());
        out().flush();
    }
}
