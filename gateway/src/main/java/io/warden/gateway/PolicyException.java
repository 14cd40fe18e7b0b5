package io.warden.gateway;

/** A request the gateway refuses by policy (no token, wrong role, lockdown); the message says why. */
public final class PolicyException extends RuntimeException {
    private final PolicyCode code;

    public PolicyException(PolicyCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public PolicyCode code() {
        return code;
    }
}
