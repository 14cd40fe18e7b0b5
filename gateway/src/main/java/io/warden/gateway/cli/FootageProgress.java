package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Follows a footage job until it is finished, polling {@code GET /footage/{id}} every {@link #POLL}.
 * {@link Mode#BAR} redraws one line per camera in place (ANSI cursor movement, for a terminal);
 * {@link Mode#LINES} prints a line when a camera's status changes or its percent passes a tenth, for
 * logs and pipes; {@link Mode#NONE} prints nothing. Blocking; for the CLI's own thread. A few failed polls
 * in a row (gateway restarting) are retried; the job goes on at the gateway whatever happens here.
 */
final class FootageProgress {
    enum Mode { BAR, LINES, NONE }

    static final Duration POLL = Duration.ofMillis(500);
    /** Polls in a row the gateway may miss (unreachable, 502/503/504) before we stop waiting: 10 s. */
    static final int MAX_MISSES = 20;
    private static final int BAR_WIDTH = 20;

    private final WardenClient client;
    private final PrintWriter out;
    private final Mode mode;
    private final Duration poll;
    private final int maxMisses;
    private int drawn;
    private String lastJobStatus;
    private final Map<String, String> lastLine = new HashMap<>();

    FootageProgress(WardenClient client, PrintWriter out, Mode mode) {
        this(client, out, mode, POLL, MAX_MISSES);
    }

    /** With another poll interval and patience, for tests. */
    FootageProgress(WardenClient client, PrintWriter out, Mode mode, Duration poll, int maxMisses) {
        this.client = client;
        this.out = out;
        this.mode = mode;
        this.poll = poll;
        this.maxMisses = maxMisses;
    }

    /** Polls until the job is done, failed or cancelled; returns the last answer. */
    WardenClient.Reply follow(String id) throws CliFailure {
        String path = "/footage/" + WardenClient.seg(id);
        int misses = 0;
        while (true) {
            WardenClient.Reply reply;
            try {
                reply = client.get(path, WardenClient.query());
                misses = 0;
            } catch (CliFailure f) {
                if (f.exitCode() != ExitCodes.UNAVAILABLE || ++misses > maxMisses) {
                    throw new CliFailure(f.exitCode(), f.getMessage() + "; stopped waiting, the job goes on at the gateway: "
                            + "warden footage show " + CliText.clean(id));
                }
                pause();
                continue;
            }
            show(reply.json());
            if (FootageReports.finished(FootageReports.status(reply.json()))) return reply;
            pause();
        }
    }

    void show(JsonNode job) {
        if (mode == Mode.BAR) bar(job);
        else if (mode == Mode.LINES) lines(job);
        out.flush();
    }

    private void bar(JsonNode job) {
        List<String> rows = new ArrayList<>();
        rows.add("footage " + CliText.cell(job, "id") + "  " + FootageReports.status(job) + "  " + percent(job) + "%");
        int w = 0;
        for (JsonNode c : job.path("cameras")) w = Math.max(w, CliText.cell(c, "id").length());
        for (JsonNode c : job.path("cameras")) {
            int p = percent(c);
            int filled = p * BAR_WIDTH / 100;
            rows.add(String.format(Locale.ROOT, "%-" + w + "s [%s%s] %3d%%  %s  %s  %s", CliText.cell(c, "id"), "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), p, FootageReports.covered(c), FootageReports.bytes(c.path("bytes").asLong(0)),
                    FootageReports.status(c)));
        }
        StringBuilder b = new StringBuilder();
        if (drawn > 0) b.append("\u001b[").append(drawn).append('F'); // back to the first line drawn last time
        for (String r : rows) b.append("\u001b[2K").append(r).append('\n');
        // camera rows never go away, but clear whatever a longer earlier drawing left below
        b.append("\u001b[J");
        out.print(b);
        drawn = rows.size();
    }

    private void lines(JsonNode job) {
        String js = FootageReports.status(job);
        if (!js.equals(lastJobStatus)) {
            out.println("footage " + CliText.cell(job, "id") + "  " + js);
            lastJobStatus = js;
        }
        for (JsonNode c : job.path("cameras")) {
            String cam = CliText.cell(c, "id");
            int p = percent(c);
            String key = FootageReports.status(c) + "/" + (p / 10);
            if (key.equals(lastLine.put(cam, key))) continue;
            out.println("  " + cam + "  " + FootageReports.status(c) + "  " + p + "%  " + FootageReports.covered(c) + "  "
                    + FootageReports.bytes(c.path("bytes").asLong(0)));
        }
    }

    private static int percent(JsonNode node) {
        return (int) Math.max(0, Math.min(100, node.path("percent").asDouble(0)));
    }

    private void pause() throws CliFailure {
        try {
            Thread.sleep(poll.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.OTHER, "interrupted while waiting for the footage job");
        }
    }
}
