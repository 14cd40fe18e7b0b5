package io.warden.gateway.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;

/**
 * A bad command line, in two lines on standard error: "warden: what is wrong" (and picocli's "Possible
 * solutions" for a mistyped option, when it has some), then "Try 'warden cmd --help'." — not the whole usage, which
 * buries the error. Bearer tokens are taken out: picocli's messages quote the arguments ("Unknown
 * options: '--tokn', 'abc...'"), so a mistyped or misplaced {@code --token} would print the token. Hides
 * the value of any option whose name contains "tok" and the value of {@value ApiOptions#TOKEN_ENV}.
 */
public final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {
    static final String HIDDEN = "***";

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        Set<String> secrets = secrets(args, System.getenv(ApiOptions.TOKEN_ENV));
        err.println("warden: " + CliText.clean(redact(String.valueOf(ex.getMessage()), secrets)));
        StringWriter suggestions = new StringWriter();
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(suggestions));
        if (!suggestions.toString().isBlank()) err.print(redact(suggestions.toString(), secrets));
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The values that look like tokens: after {@code --token}, {@code --tokn=}, ... and the env variable's. */
    static Set<String> secrets(String[] args, String envToken) {
        Set<String> s = new LinkedHashSet<>();
        if (envToken != null && !envToken.isBlank()) s.add(envToken);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) continue;
            int eq = a.indexOf('=');
            String name = (eq < 0 ? a : a.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (!name.contains("tok")) continue;
            if (eq >= 0) s.add(a.substring(eq + 1));
            else if (i + 1 < args.length) s.add(args[i + 1]);
        }
        s.removeIf(String::isEmpty);
        return s;
    }

    static String redact(String message, Set<String> secrets) {
        String m = message;
        for (String secret : secrets) m = m.replace(secret, HIDDEN);
        return m;
    }
}
