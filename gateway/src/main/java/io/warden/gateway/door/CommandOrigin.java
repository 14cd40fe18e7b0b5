package io.warden.gateway.door;

import java.util.Locale;

/**
 * Where a door command comes from: the {@code origin} tag of {@code warden_door_commands_total}, so
 * the commands the gateway issues itself are counted beside the ones people ask for.
 */
public enum CommandOrigin {
    /** A person or machine through the API (the CLI and the console included). */
    OPERATOR,
    /** The demo's simulated front desk. */
    DEMO,
    /** The lockdown command sent to a door as part of starting a lockdown. */
    LOCKDOWN,
    /** A lockdown command re-asserted on a door that disagrees with its lockdown (at start, or reported unlocked or out of its lockdown mode). */
    REASSERT,
    /** The release sent to a door when its lockdown is released, and again while a failed one is owed. */
    RELEASE,
    /** The lock that ends an {@code unlock until} (a timed relock). */
    RELOCK,
    /** The pulse that lets in someone whose card (and PIN) a reader accepted. */
    ACCESS,
    /** A door schedule's unlock at the start of its free-access hours, or its lock at their end. */
    SCHEDULE;

    /** The tag value, e.g. {@code lockdown}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
