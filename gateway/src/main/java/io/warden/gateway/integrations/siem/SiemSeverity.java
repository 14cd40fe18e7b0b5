package io.warden.gateway.integrations.siem;

import io.warden.gateway.audit.AuditEntry;
import io.warden.gateway.syslog.SyslogMessage.Severity;
import java.util.Set;

/**
 * How much a record matters to a security operator: its syslog severity and its CEF severity (0..10).
 * Decided by type, then raised to at least {@link #MEDIUM} when the record says something was refused or failed.
 *
 * <pre>
 *   HIGH    crit(2)    CEF 8  door.forced, device.tamper, lockdown.started, device.secure_channel_downgraded
 *   MEDIUM  warning(4) CEF 6  result refused|failed, access.denied, door.held_open, door.fault, device.offline,
 *                              device.power_failure, device.clock_skew, auth.refused*, console.sign_in_refused*,
 *                              gateway.unclean_shutdown, integration.*
 *   LOW     notice(5)  CEF 3  everything else (door.command, lockdown.released, people and config changes, audit.*)
 *   INFO    info(6)    CEF 1  routine device traffic: credential.read, access.granted, door.opened|closed|lock|rex|mode,
 *                              camera.motion*, *_cleared, *_restored, device.online, device.clock_ok
 * </pre>
 */
enum SiemSeverity {
    HIGH(Severity.CRITICAL, 8),
    MEDIUM(Severity.WARNING, 6),
    LOW(Severity.NOTICE, 3),
    INFO(Severity.INFORMATIONAL, 1);

    private static final Set<String> HIGH_TYPES = Set.of("door.forced", "device.tamper", "lockdown.started", "device.secure_channel_downgraded");
    private static final Set<String> MEDIUM_TYPES = Set.of("access.denied", "door.held_open", "door.fault", "device.offline",
            "device.power_failure", "device.clock_skew", "gateway.unclean_shutdown");
    private static final Set<String> MEDIUM_PREFIXES = Set.of("auth.refused", "console.sign_in_refused", "integration.");
    private static final Set<String> INFO_TYPES = Set.of("credential.read", "access.granted", "door.opened", "door.closed", "door.lock",
            "door.rex", "door.mode", "camera.motion", "camera.motion_ended", "device.online", "device.clock_ok");

    final Severity syslog;
    final int cef;

    SiemSeverity(Severity syslog, int cef) {
        this.syslog = syslog;
        this.cef = cef;
    }

    static SiemSeverity of(AuditEntry e) {
        String type = e.type();
        if (HIGH_TYPES.contains(type)) return HIGH;
        if (MEDIUM_TYPES.contains(type) || MEDIUM_PREFIXES.stream().anyMatch(type::startsWith)
                || "refused".equals(e.result()) || "failed".equals(e.result())) {
            return MEDIUM;
        }
        if (INFO_TYPES.contains(type) || type.endsWith("_cleared") || type.endsWith("_restored")) return INFO;
        return LOW;
    }
}
