package io.warden.adapter.api;

/**
 * The one exception type of Warden: a stable {@link ErrorCode} and a message that names what is
 * wrong. Expected device failures (timeouts, offline, NAK) travel as failed futures carrying this
 * exception; they are not logged with stack traces.
 */
public final class WardenException extends RuntimeException {
    private final ErrorCode code;

    public WardenException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public WardenException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The code of {@code t} when it is a WardenException, else {@link ErrorCode#INTERNAL}. */
    public static ErrorCode codeOf(Throwable t) {
        return t instanceof WardenException w ? w.code : ErrorCode.INTERNAL;
    }

    @Override
    public String toString() {
        return code + ": " + getMessage();
    }
}
