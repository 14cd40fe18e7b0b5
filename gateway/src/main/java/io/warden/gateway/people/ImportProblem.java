package io.warden.gateway.people;

/**
 * A bad row or file in an import: where it is and what is wrong. A file with any problem applies nothing.
 *
 * @param line   1-based line in the file (the header is line 1); 0 for the file as a whole
 * @param column the column's header name, null when the problem is the row or the file
 */
public record ImportProblem(String file, int line, String column, String message) {
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + (column == null ? "" : " column " + column) + ": " + message;
    }
}
