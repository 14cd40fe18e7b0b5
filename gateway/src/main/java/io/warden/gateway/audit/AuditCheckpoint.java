package io.warden.gateway.audit;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A signed statement "the trail held {@code count} records and record {@code seq} had hash {@code hash}
 * at {@code time}", kept outside the database (checkpoint file, syslog, event stream) so that rewriting
 * or truncating the database shows.
 *
 * <p>Signed bytes (version 1): the UTF-8 text
 * {@code warden-audit-checkpoint/1 <seq> <hash> <count> <time>} with single spaces and {@code time} as
 * ISO-8601 UTC ({@link Instant#toString()}). The signature is Ed25519, base64. In the checkpoint file each
 * checkpoint is one JSON line: {@code {"seq":N,"hash":"..","count":N,"time":"..","sig":".."}}.
 *
 * @param seq   the last seq covered
 * @param hash  the chain hash of record {@code seq} (64 lowercase hex digits)
 * @param count how many records the trail held, seq 1..{@code seq} (equal to seq: seqs have no gaps)
 * @param time  when the checkpoint was made (gateway clock)
 * @param sig   base64 Ed25519 signature over {@link #signedBytes()}, or null before signing
 */
public record AuditCheckpoint(long seq, String hash, long count, Instant time, String sig) {
    public static final String EVENT_TYPE = "audit.checkpoint";
    private static final String MAGIC = "warden-audit-checkpoint/1";

    public AuditCheckpoint {
        if (seq < 1 || count < 0 || time == null || hash == null || !hash.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("checkpoint needs seq >= 1, count >= 0, a time and a 64-hex-digit hash");
        }
    }

    /** What the signature covers. */
    public byte[] signedBytes() {
        return (MAGIC + " " + seq + " " + hash + " " + count + " " + time).getBytes(StandardCharsets.UTF_8);
    }

    public AuditCheckpoint withSig(String signature) {
        return new AuditCheckpoint(seq, hash, count, time, signature);
    }

    /** One line of the checkpoint file, without the newline. */
    public String toLine() {
        return toJson().encode();
    }

    public JsonObject toJson() {
        return new JsonObject().put("seq", seq).put("hash", hash).put("count", count).put("time", time.toString()).put("sig", sig);
    }

    /** The text used for syslog and the audit record's detail: {@code seq=.. hash=.. count=.. time=.. sig=..}. */
    public String describe() {
        return "seq=" + seq + " hash=" + hash + " count=" + count + " time=" + time + " sig=" + sig;
    }

    /**
     * Parse one line of the checkpoint file.
     *
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static AuditCheckpoint parse(String line) {
        try {
            JsonObject j = new JsonObject(line);
            Object seq = j.getValue("seq");
            Object count = j.getValue("count");
            if (!(seq instanceof Number) || !(count instanceof Number)) throw new IllegalArgumentException("seq and count must be numbers");
            String sig = j.getString("sig");
            if (sig == null || sig.isBlank()) throw new IllegalArgumentException("no signature");
            return new AuditCheckpoint(((Number) seq).longValue(), j.getString("hash"), ((Number) count).longValue(),
                    Instant.parse(String.valueOf(j.getString("time"))), sig);
        } catch (DecodeException | ClassCastException | DateTimeParseException e) {
            throw new IllegalArgumentException("not a checkpoint line: " + e.getMessage(), e);
        }
    }
}
