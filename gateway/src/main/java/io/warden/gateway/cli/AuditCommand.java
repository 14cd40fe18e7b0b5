package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code warden audit [filters] [--limit N] [--all]}: a page of the audit trail, or all of it. */
@Command(name = "audit", header = "Query the audit trail (one page, or --all pages); export it; verify its hash chain.",
        subcommands = {AuditExportCommand.class, AuditVerifyCommand.class})
public final class AuditCommand extends OperatorCommand {
    static final String EMPTY = "warden: no audit records match";

    @Mixin
    AuditFilters filters;

    @Option(names = "--limit", paramLabel = "N", description = "Records per page; default: the gateway's.")
    Integer limit;

    @Option(names = "--all", description = "Follow the cursor to the last page. For large ranges use 'audit export'.")
    boolean all;

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        if (limit != null && limit < 1) throw usage("--limit must be 1 or more");
        Map<String, String> query = filters.query();
        if (limit != null) query.put("limit", limit.toString());

        TextTable table = new TextTable("SEQ", "TIME", "TYPE", "ACTOR", "DOOR", "ACTION", "RESULT", "DETAIL");
        ArrayNode items = client.object().arrayNode();
        WardenClient.Reply reply;
        String cursor = null;
        while (true) {
            reply = client.get("/audit", query);
            for (JsonNode r : reply.json().path("items")) {
                items.add(r);
                String door = CliText.textOrNull(r.get("door")) != null || CliText.textOrNull(r.get("camera")) == null
                        ? CliText.cell(r, "door") : "camera " + CliText.cell(r, "camera");
                table.row(CliText.cell(r, "seq"), CliText.cell(r, "time"), CliText.cell(r, "type"), CliText.cell(r, "actor"), door,
                        CliText.cell(r, "action"), CliText.cell(r, "result"), CliText.cell(r, "detail"));
            }
            String next = CliText.textOrNull(reply.json().get("next"));
            if (!all || next == null) {
                cursor = next;
                break;
            }
            if (next.equals(cursor)) throw new CliFailure(ExitCodes.OTHER, "the gateway sent the same cursor twice (" + CliText.clean(next) + ")");
            cursor = next;
            query.put("cursor", next);
        }

        if (json.on && !all) {
            printRaw(reply);
        } else if (json.on) {
            ObjectNode merged = client.object();
            merged.set("items", items);
            merged.putNull("next");
            out().println(merged);
        } else {
            table.print(out());
        }
        out().flush();
        if (items.isEmpty()) err().println(EMPTY);
        if (cursor != null) err().println("warden: more records follow; --all fetches them (next cursor " + CliText.clean(cursor) + ")");
        return ExitCodes.OK;
    }
}
