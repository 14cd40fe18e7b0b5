package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** How a footage job reads in a terminal: a header, one row per camera, its clips and gaps, a verdict. */
final class FootageReports {
    private FootageReports() {}

    /** True for the statuses a job or camera does not leave: done, failed, cancelled. */
    static boolean finished(String status) {
        return "done".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }

    static String status(JsonNode node) {
        return CliText.lower(node, "status");
    }

    /** True when the job is finished and not everything asked for was had: exit {@link ExitCodes#INCOMPLETE}. */
    static boolean incomplete(JsonNode job) {
        String s = status(job);
        if (!finished(s)) return false;
        if (!"done".equals(s)) return true;
        for (JsonNode c : job.path("cameras")) {
            if (!"done".equals(status(c))) return true;
        }
        return false;
    }

    /** Prints the job: header, cameras, clips, gaps and a last line saying whether it is complete. */
    static void print(JsonNode job, PrintWriter out) {
        String id = CliText.cell(job, "id");
        StringBuilder head = new StringBuilder("footage ").append(id).append("  ").append(status(job));
        if (!finished(status(job))) head.append(' ').append(percent(job));
        head.append("  ").append(CliText.cell(job, "from")).append(" .. ").append(CliText.cell(job, "to"));
        if (job.path("automatic").asBoolean(false)) head.append("  AUTOMATIC");
        head.append("  requested by ").append(CliText.cell(job, "requestedBy"));
        if (CliText.textOrNull(job.get("createdAt")) != null) head.append(" at ").append(CliText.cell(job, "createdAt"));
        if (CliText.textOrNull(job.get("requestSeq")) != null) head.append(" (audit seq ").append(CliText.cell(job, "requestSeq")).append(')');
        out.println(head);
        if (CliText.textOrNull(job.get("reason")) != null) out.println("reason: " + CliText.cell(job, "reason"));
        if (CliText.textOrNull(job.get("detail")) != null) out.println("detail: " + CliText.cell(job, "detail"));

        TextTable cams = new TextTable("CAMERA", "STATUS", "PERCENT", "COVERED", "FRAMES", "BYTES", "CLIPS", "GAPS", "DETAIL");
        TextTable clips = new TextTable("CLIP", "FROM", "TO", "FRAMES", "BYTES", "SHA256");
        TextTable gaps = new TextTable("GAP IN", "FROM", "TO", "LENGTH");
        int failed = 0;
        for (JsonNode c : job.path("cameras")) {
            String cam = CliText.cell(c, "id");
            if (finished(status(job)) && !"done".equals(status(c))) failed++;
            cams.row(cam, status(c), percent(c), covered(c), CliText.cell(c, "frames"),
                    bytes(c.path("bytes").asLong(0)), String.valueOf(c.path("clips").size()), String.valueOf(c.path("gaps").size()),
                    CliText.textOrNull(c.get("detail")) == null ? "" : CliText.cell(c, "detail"));
            for (JsonNode clip : c.path("clips")) {
                clips.row(CliText.cell(clip, "file"), CliText.cell(clip, "from"), CliText.cell(clip, "to"), CliText.cell(clip, "frames"),
                        CliText.cell(clip, "bytes"), CliText.cell(clip, "sha256"));
            }
            for (JsonNode g : c.path("gaps")) {
                gaps.row(cam, CliText.cell(g, "from"), CliText.cell(g, "to"), length(g));
            }
        }
        cams.print(out);
        if (clips.size() > 0) clips.print(out);
        if (gaps.size() > 0) gaps.print(out);
        out.println(verdict(job, failed));
        out.flush();
    }

    private static String verdict(JsonNode job, int failed) {
        String s = status(job);
        int n = job.path("cameras").size();
        String cameras = n + " camera" + (n == 1 ? "" : "s");
        if (!finished(s)) return cameras + ", " + s + "; follow it with 'warden footage show " + CliText.cell(job, "id") + "'";
        if ("failed".equals(s)) return "the job FAILED; FOOTAGE INCOMPLETE";
        if ("cancelled".equals(s)) return "the job was CANCELLED; FOOTAGE INCOMPLETE";
        String download = "; download: warden footage download " + CliText.cell(job, "id");
        if (failed == 0) return cameras + " done" + download;
        return cameras + ": " + failed + " FAILED; FOOTAGE INCOMPLETE" + download;
    }

    /** "45%", "45.5%"; "-" when absent. */
    static String percent(JsonNode node) {
        String p = seconds(node.get("percent"));
        return p.equals(CliText.NONE) ? p : p + "%";
    }

    /** "96/240 s": media time covered of the time requested. */
    static String covered(JsonNode camera) {
        return seconds(camera.get("coveredSeconds")) + "/" + seconds(camera.get("requestedSeconds")) + " s";
    }

    /** A number (of seconds, say): whole as "12", else "12.5"; "-" when absent. */
    static String seconds(JsonNode v) {
        if (v == null || !v.isNumber()) return CliText.NONE;
        double d = v.asDouble();
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    /** "812 B", "12.3 kB", "4.1 MB", "1.2 GB" (decimal units). */
    static String bytes(long n) {
        if (n < 1000) return n + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A gap's length, "12 s"; "-" when its ends are not RFC 3339 instants. */
    private static String length(JsonNode gap) {
        try {
            Duration d = Duration.between(Instant.parse(gap.path("from").asText()), Instant.parse(gap.path("to").asText()));
            return seconds(DoubleNode.valueOf(d.toMillis() / 1000.0)) + " s";
        } catch (DateTimeParseException e) {
            return CliText.NONE;
        }
    }
}
