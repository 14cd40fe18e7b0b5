package io.warden.gateway.cli;

/** A command that ends with a message on standard error and an exit code from {@link ExitCodes}. */
final class CliFailure extends Exception {
    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
