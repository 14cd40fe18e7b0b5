package io.warden.gateway.cli;

/**
 * Exit codes of the operator commands, for scripts. The {@code HELP_*} texts are the usage footer
 * (picocli's {@code exitCodeList} wants constants, one per line).
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** Carried out, but a device said no, a lockdown door failed or is offline, or the chain is broken. */
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_ALLOWED = 3;
    public static final int REFUSED = 4;
    public static final int UNAVAILABLE = 5;
    public static final int NOT_FOUND = 6;
    public static final int OTHER = 7;
    /**
     * A footage job ended without all the footage asked for: the job failed or was cancelled, or at least
     * one camera failed. What was had is kept (and packaged when the job is done).
     */
    public static final int INCOMPLETE = 8;

    public static final String HELP_OK = "0:ok";
    public static final String HELP_FAILED = "1:carried out but failed: the device refused or did not confirm in time, a "
            + "lockdown door failed or is offline, or the audit chain is broken";
    public static final String HELP_USAGE = "2:bad command line";
    public static final String HELP_NOT_ALLOWED = "3:not authenticated or not allowed (HTTP 401/403)";
    public static final String HELP_REFUSED = "4:refused by policy or state, e.g. the door is locked down, the footage job "
            + "is not finished yet (HTTP 409)";
    public static final String HELP_UNAVAILABLE = "5:device or service unavailable (HTTP 502/503/504), or the gateway "
            + "cannot be reached";
    public static final String HELP_NOT_FOUND = "6:not found (HTTP 404)";
    public static final String HELP_OTHER = "7:bad request (HTTP 400) or any other error";
    public static final String HELP_INCOMPLETE = "8:footage incomplete: the job failed or was cancelled, or a camera's "
            + "footage failed (gaps alone are not failures)";

    private ExitCodes() {}

    /**
     * The exit code for a problem answer: a device that refused or did not confirm (the command was
     * carried to it) is {@link #FAILED}; everything else follows the HTTP status.
     */
    public static int forProblem(int status, String code) {
        if ("DEVICE_REJECTED".equals(code) || "DEVICE_TIMEOUT".equals(code)) return FAILED;
        return forStatus(status);
    }

    /** The exit code for an HTTP status that is not 2xx. */
    public static int forStatus(int status) {
        switch (status) {
            case 401: case 403: return NOT_ALLOWED;
            case 409: return REFUSED;
            case 502: case 503: case 504: return UNAVAILABLE;
            case 404: return NOT_FOUND;
            default: return OTHER;
        }
    }
}
