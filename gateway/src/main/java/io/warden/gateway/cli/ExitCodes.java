package io.warden.gateway.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Exit codes of the operator commands, for scripts, with what each means ({@link #MEANING}). */
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

    /**
     * The one table of what each code means, in order: every command's help footer is made from it
     * ({@link #describe}) and the README's table must say the same (a test checks).
     */
    public static final Map<Integer, String> MEANING = meanings(
            OK, "done",
            FAILED, "carried out but failed: the device refused or did not confirm in time, a lockdown door failed "
                    + "or is offline, or the audit chain is broken",
            USAGE, "bad command line",
            NOT_ALLOWED, "not authenticated or not allowed (HTTP 401/403)",
            REFUSED, "refused by policy or state, e.g. the door is locked down, the footage job is not finished yet (HTTP 409)",
            UNAVAILABLE, "device or service unavailable (HTTP 502/503/504), or the gateway cannot be reached",
            NOT_FOUND, "not found (HTTP 404)",
            OTHER, "bad request (HTTP 400) or any other error",
            INCOMPLETE, "footage incomplete: the job failed or was cancelled, or a camera's footage failed (gaps alone "
                    + "are not failures)");

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

    /**
     * Puts the table under "Exit codes:" in the help of {@code root} and of every operator command below it
     * (code 8 only where footage is waited for). Commands with a list of their own keep it.
     */
    public static void describe(CommandLine root) {
        footer(root, MEANING);
        Map<Integer, String> operator = new LinkedHashMap<>(MEANING);
        operator.remove(INCOMPLETE);
        for (CommandLine c : all(root)) {
            Object o = c.getCommand();
            if (o instanceof FootageOperatorCommand || o instanceof FootageCommand) footer(c, MEANING);
            else if (o instanceof OperatorCommand || o instanceof LockdownCommand) footer(c, operator);
        }
    }

    private static void footer(CommandLine c, Map<Integer, String> codes) {
        Map<String, String> list = new LinkedHashMap<>();
        codes.forEach((code, text) -> list.put(String.valueOf(code), text));
        c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
    }

    private static List<CommandLine> all(CommandLine c) {
        List<CommandLine> out = new ArrayList<>();
        for (CommandLine sub : c.getSubcommands().values()) {
            out.add(sub);
            all(sub).forEach(out::add);
        }
        return out;
    }

    private static Map<Integer, String> meanings(Object... codeText) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < codeText.length; i += 2) m.put((Integer) codeText[i], (String) codeText[i + 1]);
        return Collections.unmodifiableMap(m);
    }
}
