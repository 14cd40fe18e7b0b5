package io.warden.gateway.audit;

/**
 * An entry as stored: its position in the trail and its link in the hash chain.
 *
 * @param seq   1, 2, 3, ... without gaps
 * @param entry what happened
 * @param hash  hex SHA-256 over the previous record's hash and this record's canonical form
 */
public record AuditRecord(long seq, AuditEntry entry, String hash) {}
