package io.warden.gateway.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The result of walking the hash chain (and checking it against signed checkpoints, when given).
 *
 * @param ok             true when there is no break
 * @param records        the number of records present in the range walked
 * @param firstBrokenSeq the lowest seq of any break, or null
 * @param breaks         every break found, in seq order
 */
public record AuditVerification(boolean ok, long records, Long firstBrokenSeq, List<AuditBreak> breaks) {

    public AuditVerification {
        breaks = breaks == null ? List.of() : List.copyOf(breaks);
    }

    /** A verification whose breaks are not itemised (fakes, simple stores). */
    public AuditVerification(boolean ok, long records, Long firstBrokenSeq) {
        this(ok, records, firstBrokenSeq, List.of());
    }

    /** This verification with {@code more} breaks (e.g. checkpoint lines whose signature fails). */
    public AuditVerification plus(List<AuditBreak> more) {
        if (more.isEmpty()) return this;
        List<AuditBreak> all = new ArrayList<>(breaks);
        all.addAll(more);
        return of(records, all);
    }

    /** The JSON form the API serves and {@code warden audit verify --json} prints. */
    public JsonObject toJson() {
        JsonObject body = new JsonObject().put("ok", ok).put("records", records);
        if (firstBrokenSeq != null) body.put("firstBrokenSeq", firstBrokenSeq);
        JsonArray list = new JsonArray();
        for (AuditBreak b : breaks) list.add(new JsonObject().put("seq", b.seq()).put("kind", b.kindName()).put("detail", b.detail()));
        return body.put("breaks", list);
    }

    /** The verification of {@code records} rows with these breaks, sorted by seq. */
    public static AuditVerification of(long records, List<AuditBreak> breaks) {
        List<AuditBreak> sorted = breaks.stream().sorted(Comparator.comparingLong(AuditBreak::seq)).toList();
        return new AuditVerification(sorted.isEmpty(), records, sorted.isEmpty() ? null : sorted.get(0).seq(), sorted);
    }
}
