package io.warden.gateway.console;

/** Where the console may send a browser, and the plain page it answers with when something went wrong. */
public final class ConsolePaths {
    private static final int MAX_RETURN_TO = 2048;

    private ConsolePaths() {}

    /**
     * {@code returnTo} when it is a path on this gateway, else {@code /}: one leading {@code /}, no
     * {@code //} or backslash anywhere (browsers read {@code /\evil} and {@code //evil} as another host),
     * nothing but printable ASCII without spaces (browsers drop tabs and line breaks, turning
     * {@code /\t/evil} into {@code //evil}), at most 2048 characters.
     */
    public static String localPath(String returnTo) {
        if (returnTo == null || returnTo.isEmpty() || returnTo.length() > MAX_RETURN_TO || returnTo.charAt(0) != '/') return "/";
        if (returnTo.contains("//") || returnTo.indexOf('\\') >= 0) return "/";
        for (int i = 0; i < returnTo.length(); i++) {
            char c = returnTo.charAt(i);
            if (c <= ' ' || c > '~') return "/";
        }
        return returnTo;
    }

    /** A small HTML page with a heading, a sentence and a way back to the sign-in page; no script, no inline style. */
    public static String plainPage(String title, String text) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + escape(title) + " · Warden</title><link rel=\"stylesheet\" href=\"/console/app.css\"></head>\n"
                + "<body><main><h1>" + escape(title) + "</h1>\n<p>" + escape(text) + "</p>\n"
                + "<p><a href=\"/signin\">Back to sign-in</a></p></main></body></html>\n";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
