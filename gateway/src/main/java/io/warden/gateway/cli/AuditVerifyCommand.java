package io.warden.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code warden audit verify}: walk the hash chain. Exit 1 when it is broken. */
@Command(name = "verify", header = "Walk the audit trail's hash chain: 'ok: N records' or 'BROKEN at seq N' (exit code 1).")
public final class AuditVerifyCommand extends OperatorCommand {

    @Mixin
    JsonOption json;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        WardenClient.Reply reply = client.get("/audit/verify", WardenClient.query());
        JsonNode v = reply.json();
        boolean ok = v.path("ok").isBoolean() && v.path("ok").asBoolean();
        if (json.on) {
            printRaw(reply);
        } else if (ok) {
            out().println("ok: " + CliText.cell(v, "records") + " records");
        } else {
            String seq = CliText.textOrNull(v.get("firstBrokenSeq"));
            out().println("BROKEN" + (seq == null ? "" : " at seq " + CliText.clean(seq)) + " (" + CliText.cell(v, "records") + " records)");
        }
        out().flush();
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
