package io.warden.gateway.audit;

import io.warden.adapter.api.ErrorCode;
import io.warden.adapter.api.WardenException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The hash chain of the audit trail, shared by every {@link AuditStore} so that a trail written by one
 * store verifies the same way everywhere.
 *
 * <h2>Chain</h2>
 * <pre>
 *   hash(0) = 64 × '0'                       (32 zero bytes)
 *   hash(n) = lowercase hex of SHA-256( bytes(hash(n-1)) || canonical(n) )
 * </pre>
 * where {@code bytes(h)} is the 32 raw bytes that the 64 hex digits of {@code h} stand for.
 *
 * <h2>Canonical form of record n (version 1)</h2>
 * All integers big-endian; fields in this fixed order, nothing between them:
 * <pre>
 *   u8    version       = 0x01
 *   i64   seq
 *   i64   time          microseconds since 1970-01-01T00:00:00Z (UTC; stores keep exactly this value)
 *   then for each of: type, actor, source, site, zone, door, camera, credential, action, result, detail
 *   i32   length        -1 (0xFFFFFFFF) for null; else the number of UTF-8 bytes that follow
 *   bytes value         UTF-8, no terminator (an empty string is length 0, distinct from null)
 * </pre>
 * Times are truncated to whole microseconds before hashing and storing ({@link #normalize}), so what
 * a query returns is exactly what was hashed.
 *
 * <p>An auditor can re-verify an SQLite trail with Python's standard library:
 * <pre>{@code
 * import hashlib, sqlite3, struct
 * F = ["type","actor","source","site","zone","door","camera","credential","action","result","detail"]
 * prev = bytes(32)
 * for row in sqlite3.connect("data/audit.db").execute(
 *         "SELECT seq, time_us, " + ",".join(F) + ", hash FROM audit ORDER BY seq"):
 *     c = b"\x01" + struct.pack(">qq", row[0], row[1])
 *     for v in row[2:13]:
 *         c += struct.pack(">i", -1) if v is None else struct.pack(">i", len(v.encode())) + v.encode()
 *     h = hashlib.sha256(prev + c).hexdigest()
 *     assert h == row[13], f"broken at seq {row[0]}"
 *     prev = bytes.fromhex(h)
 * }</pre>
 * (That script does not check for missing seqs; {@link AuditStore#verify()} does.)
 *
 * <p>Instances hold a reusable digest and buffer: one per thread.
 */
public final class AuditChain {
    public static final byte VERSION = 1;
    public static final String GENESIS = "0".repeat(64);
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;
    private ByteBuffer buf = ByteBuffer.allocate(1024);

    public AuditChain() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The hash of record {@code seq} given the previous record's hash (or {@link #GENESIS}). */
    public String next(String prevHash, long seq, AuditEntry entry) {
        sha256.reset();
        sha256.update(HEX.parseHex(prevHash));
        encode(seq, entry);
        sha256.update(buf.array(), 0, buf.position());
        return HEX.formatHex(sha256.digest());
    }

    /** The canonical bytes of a record, as described in the class comment. */
    public byte[] canonical(long seq, AuditEntry entry) {
        encode(seq, entry);
        return Arrays.copyOf(buf.array(), buf.position());
    }

    private void encode(long seq, AuditEntry e) {
        buf.clear();
        put(VERSION);
        putLong(seq);
        putLong(micros(e.time()));
        putString(e.type());
        putString(e.actor());
        putString(e.source());
        putString(e.site());
        putString(e.zone());
        putString(e.door());
        putString(e.camera());
        putString(e.credential());
        putString(e.action());
        putString(e.result());
        putString(e.detail());
    }

    private void put(byte b) {
        ensure(1);
        buf.put(b);
    }

    private void putLong(long v) {
        ensure(8);
        buf.putLong(v);
    }

    private void putString(String s) {
        if (s == null) {
            ensure(4);
            buf.putInt(-1);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + utf8.length);
        buf.putInt(utf8.length);
        buf.put(utf8);
    }

    private void ensure(int n) {
        if (buf.remaining() >= n) return;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }

    /**
     * Microseconds since the epoch, truncating any nanoseconds.
     *
     * @throws ArithmeticException when the instant is beyond ±292,000 years
     */
    public static long micros(Instant t) {
        long micros = Math.multiplyExact(t.getEpochSecond(), 1_000_000L);
        return Math.addExact(micros, t.getNano() / 1000);
    }

    /** The instant of {@code micros} since the epoch. */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /**
     * The entry as a store appends it ({@link #normalize}d), or BAD_REQUEST for what no store can hold: no
     * entry, or a time beyond what microseconds since the epoch can count.
     */
    public static AuditEntry forAppend(AuditEntry entry) {
        if (entry == null) throw new WardenException(ErrorCode.BAD_REQUEST, "audit entry is null");
        AuditEntry normalized = normalize(entry);
        try {
            micros(normalized.time());
        } catch (ArithmeticException e) {
            throw new WardenException(ErrorCode.BAD_REQUEST, "audit time out of range: " + entry.time());
        }
        return normalized;
    }

    /** The entry with its time truncated to whole microseconds: the form that is hashed and stored. */
    public static AuditEntry normalize(AuditEntry e) {
        Instant t = e.time().truncatedTo(ChronoUnit.MICROS);
        if (t.equals(e.time())) return e;
        return new AuditEntry(t, e.type(), e.actor(), e.source(), e.site(), e.zone(), e.door(), e.camera(), e.credential(),
                e.action(), e.result(), e.detail());
    }
}
