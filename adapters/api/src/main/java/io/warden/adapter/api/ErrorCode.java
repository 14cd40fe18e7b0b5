package io.warden.adapter.api;

/**
 * Every failure Warden reports, by a stable name. Each code is transient (the same request may work
 * later: a device offline, a timeout) or fatal (it will not work until something changes: bad
 * config, a refused command). The mapping to HTTP lives in the gateway, in one place. Refusals
 * that are gateway policy (no token, wrong role, lockdown) are not here: an adapter cannot raise
 * them. Codes cross the event bus by name, so adding one never shifts another.
 */
public enum ErrorCode {
    DEVICE_OFFLINE(true, "the device is offline"),
    DEVICE_TIMEOUT(true, "the device did not answer in time"),
    DEVICE_BUSY(true, "the device is busy"),
    CONNECTION_CLOSED(true, "the connection to the device closed"),
    DEVICE_REJECTED(false, "the device refused the command"),
    AUTHENTICATION_FAILED(false, "the device refused the credentials"),
    PROTOCOL_ERROR(true, "the device answered with something that does not fit the protocol"),
    SECURE_CHANNEL_FAILED(false, "the secure channel with the device could not be established or was lost"),
    UNSUPPORTED(false, "the device or adapter does not support this"),
    BAD_CONFIG(false, "the configuration is invalid"),
    NOT_FOUND(false, "not found"),
    BAD_REQUEST(false, "the request is invalid"),
    STORAGE_FULL(true, "no space left to write to"),
    INTERNAL(false, "internal error");

    private final boolean transientFailure;
    private final String description;

    ErrorCode(boolean transientFailure, String description) {
        this.transientFailure = transientFailure;
        this.description = description;
    }

    /** True when retrying later may succeed without anything else changing. */
    public boolean isTransient() {
        return transientFailure;
    }

    public String description() {
        return description;
    }
}
