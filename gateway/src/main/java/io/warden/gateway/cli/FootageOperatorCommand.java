package io.warden.gateway.cli;

import picocli.CommandLine.Option;

/** A {@code warden footage} subcommand: an operator command with exit code 8 for footage that is incomplete. */
abstract class FootageOperatorCommand extends OperatorCommand {

    /** {@code --progress}, for the commands that can wait for a job. */
    static final class ProgressOption {
        @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
                description = "While waiting: a bar redrawn in place, plain lines (a camera's status change or each 10%%), "
                        + "or nothing; auto: a bar on a terminal, lines otherwise (default).")
        String value;
    }

    static String jobPath(String id) {
        return "/footage/" + WardenClient.seg(id);
    }

    /** The progress mode named by {@code --progress}; auto looks at whether a console is attached. */
    FootageProgress.Mode mode(ProgressOption option) {
        switch (option.value) {
            case "bar": return FootageProgress.Mode.BAR;
            case "lines": return FootageProgress.Mode.LINES;
            case "none": return FootageProgress.Mode.NONE;
            case "auto": return System.console() != null ? FootageProgress.Mode.BAR : FootageProgress.Mode.LINES;
            default: throw usage("--progress must be auto, bar, lines or none");
        }
    }
}
