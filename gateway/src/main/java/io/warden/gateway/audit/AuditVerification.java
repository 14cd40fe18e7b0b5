package io.warden.gateway.audit;

/** The result of walking the hash chain: {@code firstBrokenSeq} names the first record that does not fit, or is null. */
public record AuditVerification(boolean ok, long records, Long firstBrokenSeq) {}
