package io.warden.gateway.cli;

import picocli.CommandLine.Option;

/** {@code --json}: print the gateway's answer as it came instead of a table. Exit codes stay the same. */
public final class JsonOption {
    @Option(names = "--json", description = "Print the gateway's JSON answer instead of a table.")
    boolean on;
}
