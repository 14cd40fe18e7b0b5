package io.warden.gateway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns as wide as their widest cell, two spaces apart, the last column not padded. */
final class TextTable {
    private final String[] headers;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers.clone();
    }

    /** Adds a row; null cells print as "-". */
    TextTable row(String... cells) {
        if (cells.length != headers.length) throw new IllegalArgumentException("row has " + cells.length + " cells, table " + headers.length);
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? CliText.NONE : CliText.clean(cells[i]);
        rows.add(r);
        return this;
    }

    int size() {
        return rows.size();
    }

    void print(PrintWriter out) {
        print(out, true);
    }

    /**
     * Prints the rows, with the header line or (for name/value lists) without it. No rows print nothing:
     * the command says on standard error what is empty ("warden: no ...").
     */
    void print(PrintWriter out, boolean header) {
        if (rows.isEmpty()) return;
        int[] width = new int[headers.length];
        for (int i = 0; i < headers.length; i++) width[i] = header ? headers[i].length() : 0;
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        if (header) line(out, headers, width);
        for (String[] r : rows) line(out, r, width);
        out.flush();
    }

    private static void line(PrintWriter out, String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) b.append("  ");
            b.append(cells[i]);
            if (i < cells.length - 1) b.append(" ".repeat(width[i] - cells[i].length()));
        }
        int end = b.length();
        while (end > 0 && b.charAt(end - 1) == ' ') end--;
        out.println(b.substring(0, end));
    }
}
