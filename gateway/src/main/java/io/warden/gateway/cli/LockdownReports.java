package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How a lockdown report reads in a terminal: a header line, one row per door, a summary. */
final class LockdownReports {
    private LockdownReports() {}

    /** "site north-high", "zone bldg-a" or "doors a,b". */
    static String scope(JsonNode scope) {
        if (CliText.textOrNull(scope.get("site")) != null) return "site " + CliText.cell(scope, "site");
        if (CliText.textOrNull(scope.get("zone")) != null) return "zone " + CliText.cell(scope, "zone");
        List<String> doors = new ArrayList<>();
        for (JsonNode d : scope.path("doors")) doors.add(CliText.value(d));
        return doors.isEmpty() ? CliText.NONE : "doors " + String.join(",", doors);
    }

    /** "11/12": doors confirmed of the doors in scope. */
    static String confirmed(JsonNode report) {
        int[] n = counts(report);
        return n[0] + "/" + report.path("doors").size();
    }

    /** True when every door in the report confirmed. */
    static boolean allConfirmed(JsonNode report) {
        return counts(report)[0] == report.path("doors").size();
    }

    /** Prints the report; returns true when every door confirmed. */
    static boolean print(JsonNode r, PrintWriter out) {
        StringBuilder head = new StringBuilder("lockdown ").append(CliText.cell(r, "id"))
                .append("  level ").append(CliText.lower(r, "level"))
                .append("  ").append(scope(r.path("scope")));
        if (r.path("drill").asBoolean(false)) head.append("  DRILL");
        head.append("  started by ").append(CliText.cell(r, "startedBy"));
        if (CliText.textOrNull(r.get("startedAt")) != null) head.append(" at ").append(CliText.cell(r, "startedAt"));
        if (CliText.textOrNull(r.get("releasedAt")) != null) {
            head.append("  released by ").append(CliText.cell(r, "releasedBy")).append(" at ").append(CliText.cell(r, "releasedAt"));
        }
        out.println(head);
        if (CliText.textOrNull(r.get("reason")) != null) out.println("reason: " + CliText.cell(r, "reason"));

        TextTable t = new TextTable("DOOR", "STATUS", "LATENCY", "DETAIL");
        for (JsonNode d : r.path("doors")) {
            String detail = CliText.textOrNull(d.get("detail")) == null ? "" : CliText.cell(d, "detail");
            t.row(CliText.cell(d, "id"), CliText.lower(d, "status"), CliText.millis(d, "latencyMs"), detail);
        }
        t.print(out);
        int[] n = counts(r);
        int total = r.path("doors").size();
        out.println(total + " door" + (total == 1 ? "" : "s") + ": " + n[0] + " confirmed, " + n[1] + " failed, " + n[2] + " offline"
                + (n[0] == total ? "" : "  -- NOT ALL DOORS ARE LOCKED"));
        out.flush();
        return n[0] == total;
    }

    /** confirmed, failed, offline (anything else counts as failed). */
    private static int[] counts(JsonNode report) {
        int[] n = new int[3];
        for (JsonNode d : report.path("doors")) {
            String s = CliText.lower(d, "status");
            n["confirmed".equals(s) ? 0 : "offline".equals(s) ? 2 : 1]++;
        }
        return n;
    }
}
