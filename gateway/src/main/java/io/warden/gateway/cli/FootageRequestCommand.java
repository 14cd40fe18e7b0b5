package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden footage request}: ask for the footage of doors or cameras over a window; optionally wait for it. */
@Command(name = "request", header = "Request footage of doors (their linked cameras) or cameras over a time window.",
        description = {"Prints the job's id. With --wait, follows its progress until it is finished, then prints every "
                + "camera's outcome: clips, gaps and failures. Ctrl-C stops the waiting, not the job "
                + "('warden footage cancel ID' does).",
                "Times: " + CliTimes.FORMATS + ". Local times are in this machine's time zone; quote the ones with a "
                + "space: --from 'yesterday 10:02'."})
public final class FootageRequestCommand extends FootageOperatorCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    static final class Subject {
        @Option(names = "--door", paramLabel = "DOOR", arity = "1..*", split = ",", required = true,
                description = "The cameras linked to these doors (repeat the option or separate with commas).")
        List<String> doors;

        @Option(names = "--camera", paramLabel = "CAMERA", arity = "1..*", split = ",", required = true,
                description = "These cameras (repeat the option or separate with commas).")
        List<String> cameras;
    }

    @Option(names = "--from", paramLabel = "TIME", description = "Start of the window.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the window; after --from.")
    String to;

    @Option(names = "--last", paramLabel = "DURATION", description = "The window ending now: 90s, 2m, 1h, 1h30m.")
    String last;

    @Option(names = "--reason", paramLabel = "TEXT", required = true,
            description = "Why (e.g. the incident number); written to the audit trail and the evidence manifest.")
    String reason;

    @Option(names = "--wait", description = "Wait until the job is finished; exit 8 when it or any camera failed.")
    boolean await;

    @Mixin
    JsonOption json;

    @Mixin
    ProgressOption progress;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        if (reason.isBlank()) throw usage("--reason must say why");
        FootageProgress.Mode mode = mode(progress);
        Window window = window(CliTimes.local());
        ObjectNode body = client.object();
        if (subject.doors != null) subject.doors.forEach(body.putArray("doors")::add);
        else subject.cameras.forEach(body.putArray("cameras")::add);
        body.put("from", window.from().toString());
        body.put("to", window.to().toString());
        body.put("reason", reason);

        WardenClient.Reply created = client.post("/footage", body);
        String id = CliText.textOrNull(created.json().get("id"));
        if (id == null) throw new CliFailure(ExitCodes.OTHER, "the gateway's answer has no job id");
        if (!await) {
            if (json.on) {
                printRaw(created);
            } else {
                out().println(CliText.clean(id));
                out().flush();
                err().println("warden: footage " + CliText.clean(id) + " " + FootageReports.status(created.json())
                        + "; follow it with 'warden footage show " + CliText.clean(id) + "'");
            }
            return ExitCodes.OK;
        }
        if (!json.on) {
            out().println(CliText.clean(id));
            out().flush();
        }
        WardenClient.Reply end = new FootageProgress(client, out(), json.on ? FootageProgress.Mode.NONE : mode).follow(id);
        if (json.on) printRaw(end);
        else FootageReports.print(end.json(), out());
        return FootageReports.incomplete(end.json()) ? ExitCodes.INCOMPLETE : ExitCodes.OK;
    }

    private record Window(Instant from, Instant to) {}

    /** Checked here, so a bad window never reaches the gateway. */
    private Window window(CliTimes times) {
        try {
            if (last != null) {
                if (from != null || to != null) throw usage("--last is the window ending now: give it without --from and --to");
                Duration d = CliTimes.duration("--last", last);
                Instant end = times.now().truncatedTo(ChronoUnit.SECONDS);
                return new Window(end.minus(d), end);
            }
            if (from == null || to == null) throw usage("give --from and --to, or --last");
            Instant a = times.parse("--from", from);
            Instant b = times.parse("--to", to);
            if (!b.isAfter(a)) throw usage("--to (" + times.show(b) + ") must be after --from (" + times.show(a) + ")");
            return new Window(a, b);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
