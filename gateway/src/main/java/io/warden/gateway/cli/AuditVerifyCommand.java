package io.warden.gateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.gateway.audit.AuditCheckpointFile;
import io.warden.gateway.audit.AuditSigningKey;
import io.warden.gateway.audit.AuditVerification;
import io.warden.gateway.audit.SqliteAuditStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code warden audit verify}: walk the hash chain and check it against the signed checkpoints, through
 * the gateway, or offline on a copy with {@code --db} and {@code --checkpoints} (no gateway, no secret:
 * the public key is read from beside the checkpoint file or {@code --public-key}). Exit 1 when broken.
 */
@Command(name = "verify", header = {"Walk the audit trail's hash chain and check it against the signed checkpoints: 'ok: N records'",
        "or 'BROKEN at seq N' and every break (exit code 1). Offline on a copied database with --db and --checkpoints."})
public final class AuditVerifyCommand extends OperatorCommand {

    @Mixin
    JsonOption json;

    @Option(names = "--db", paramLabel = "FILE", description = "Verify this SQLite audit file offline (a copy; the gateway need not run).")
    Path db;

    @Option(names = "--checkpoints", paramLabel = "FILE", description = "The checkpoint file to check the offline database against.")
    Path checkpoints;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "The checkpoints' public key (PEM); default: <checkpoints>.pub. Prefer a copy kept apart from the checkpoints.")
    Path publicKey;

    @Override
    protected int execute(WardenClient client) throws CliFailure {
        JsonNode v;
        if (db != null || checkpoints != null || publicKey != null) {
            v = offline();
            if (json.on) out().println(v);
        } else {
            WardenClient.Reply reply = client.get("/audit/verify", WardenClient.query());
            v = reply.json();
            if (json.on) printRaw(reply);
        }
        boolean ok = v.path("ok").isBoolean() && v.path("ok").asBoolean();
        if (!json.on) print(v, ok);
        out().flush();
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void print(JsonNode v, boolean ok) {
        if (ok) {
            out().println("ok: " + CliText.cell(v, "records") + " records");
            return;
        }
        String seq = CliText.textOrNull(v.get("firstBrokenSeq"));
        out().println("BROKEN" + (seq == null ? "" : " at seq " + CliText.clean(seq)) + " (" + CliText.cell(v, "records") + " records)");
        for (JsonNode b : v.path("breaks")) {
            out().println("  seq " + CliText.cell(b, "seq") + "  " + CliText.cell(b, "kind") + "  " + CliText.cell(b, "detail"));
        }
    }

    private JsonNode offline() throws CliFailure {
        if (db == null || checkpoints == null) throw usage("--db and --checkpoints go together (offline verify)");
        if (!Files.isRegularFile(checkpoints)) throw new CliFailure(ExitCodes.OTHER, "no checkpoint file at " + checkpoints);
        Path pub = publicKey != null ? publicKey : AuditCheckpointFile.publicKeyFile(checkpoints);
        PublicKey key;
        try {
            key = AuditSigningKey.readPublic(pub);
        } catch (Exception e) {
            throw new CliFailure(ExitCodes.OTHER, "cannot read the public key " + pub + ": " + e.getMessage());
        }
        AuditVerification v;
        try {
            AuditCheckpointFile.Contents contents = AuditCheckpointFile.read(checkpoints, key);
            v = SqliteAuditStore.verifyFile(db, contents.checkpoints()).plus(contents.bad());
        } catch (Exception e) {
            throw new CliFailure(ExitCodes.OTHER, "cannot verify " + db + ": " + e.getMessage());
        }
        try {
            return new ObjectMapper().readTree(v.toJson().encode());
        } catch (JsonProcessingException e) {
            throw new CliFailure(ExitCodes.OTHER, "cannot render the result: " + e.getMessage());
        }
    }
}
